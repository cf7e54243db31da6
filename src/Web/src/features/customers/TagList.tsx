const VISIBLE_TAGS = 3;

/** The first few tags as chips; the rest are summarised so rows keep one height. */
export function TagList({ tags }: { tags: readonly string[] }) {
  const hidden = tags.slice(VISIBLE_TAGS);
  return (
    <ul className="flex flex-wrap gap-1">
      {tags.slice(0, VISIBLE_TAGS).map((tag) => (
        <li key={tag} className="rounded bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800">
          {tag}
        </li>
      ))}
      {hidden.length > 0 && (
        <li title={hidden.join(', ')} className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
          +{hidden.length}
        </li>
      )}
    </ul>
  );
}
