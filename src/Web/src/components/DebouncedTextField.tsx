import { useEffect, useState, type ComponentProps } from 'react';
import { TextField } from './FormFields';

type DebouncedTextFieldProps = Omit<ComponentProps<typeof TextField>, 'value' | 'onChange' | 'defaultValue'> & {
  /** The applied value (from the URL). */
  value: string;
  /** Called with the typed value after a short pause, or at once on Enter / leaving the field. */
  onCommit: (value: string) => void;
  delayMs?: number;
};

/** A filter input that applies what is typed without a request per keystroke. */
export function DebouncedTextField({ value, onCommit, delayMs = 400, onBlur, onKeyDown, ...props }: DebouncedTextFieldProps) {
  const [text, setText] = useState(value);

  // Follow the applied value when it changes elsewhere (Back/Forward, "Clear filters").
  useEffect(() => setText(value), [value]);

  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, onCommit, delayMs]);

  return (
    <TextField
      {...props}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={(event) => {
        if (text !== value) onCommit(text);
        onBlur?.(event);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && text !== value) {
          event.preventDefault();
          onCommit(text);
        }
        onKeyDown?.(event);
      }}
    />
  );
}
