import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<Key extends string> {
  key: Key;
  label: string;
  /** A number shown next to the label, e.g. the order count. */
  badge?: string;
}

interface TabsProps<Key extends string> {
  label: string;
  tabs: readonly TabItem<Key>[];
  selected: Key;
  onSelect: (key: Key) => void;
  children: ReactNode;
}

/**
 * WAI-ARIA tabs: one tab stop for the tab list, arrow keys (and Home/End) move between tabs and
 * select them, the panel is labelled by its tab.
 */
export function Tabs<Key extends string>({ label, tabs, selected, onSelect, children }: TabsProps<Key>) {
  const id = useId();
  const tabRefs = useRef(new Map<Key, HTMLButtonElement>());

  const move = (event: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const target =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    const key = tabs[target]!.key;
    onSelect(key);
    tabRefs.current.get(key)?.focus();
  };

  return (
    <div>
      <div role="tablist" aria-label={label} className="flex overflow-x-auto border-b border-slate-200 sm:gap-1">
        {tabs.map((tab, index) => {
          const active = tab.key === selected;
          return (
            <button
              key={tab.key}
              ref={(element) => {
                if (element) tabRefs.current.set(tab.key, element);
                else tabRefs.current.delete(tab.key);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab.key}`}
              aria-selected={active}
              aria-controls={`${id}-panel`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.key)}
              onKeyDown={(event) => move(event, index)}
              className={`-mb-px inline-flex items-center gap-2 whitespace-nowrap border-b-2 px-2 py-2.5 sm:px-3 text-sm font-medium ${
                active
                  ? 'border-indigo-600 text-indigo-700'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
              }`}
            >
              {tab.label}
              {tab.badge !== undefined && (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{tab.badge}</span>
              )}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${selected}`} tabIndex={0} className="pt-5 focus-visible:outline-offset-4">
        {children}
      </div>
    </div>
  );
}
