import { useEffect, useId, useState } from 'react';
import { Search } from 'lucide-react';

const SEARCH_DELAY_MS = 300;

interface SearchBoxProps {
  label: string;
  placeholder: string;
  /** The search currently in the URL (?q=). */
  query: string;
  onQueryChange: (query: string) => void;
}

/** Searches as you type, waiting for a short pause so each keystroke does not hit the API. */
export function SearchBox({ label, placeholder, query, onQueryChange }: SearchBoxProps) {
  const id = useId();
  const [text, setText] = useState(query);

  // Follow the URL when it changes elsewhere (Back/Forward, a link).
  useEffect(() => setText(query), [query]);

  useEffect(() => {
    const next = text.trim();
    if (next === query) return;
    const timer = setTimeout(() => onQueryChange(next), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, query, onQueryChange]);

  return (
    <form
      role="search"
      className="relative min-w-56 max-w-md flex-1"
      onSubmit={(event) => {
        event.preventDefault();
        onQueryChange(text.trim());
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-500" />
      <input
        id={id}
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={placeholder}
        className="block w-full rounded-md border-0 bg-white py-2 pl-9 pr-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
      />
    </form>
  );
}
