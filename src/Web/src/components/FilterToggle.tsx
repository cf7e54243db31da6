import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Filter } from 'lucide-react';
import { Button } from './Button';

function wideScreen(): boolean {
  return typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 1024px)').matches;
}

/** Whether a list's filter panel is open: at first when filters are set or the screen is wide (not on a phone). */
export function useFilterPanel(filtersSet: boolean) {
  const [open, setOpen] = useState(() => filtersSet || wideScreen());
  return { open, toggle: () => setOpen((isOpen) => !isOpen) };
}

interface FilterToggleProps {
  open: boolean;
  onToggle: () => void;
  /** The id of the panel the button opens. */
  controls: string;
  /** How many filters are set; a badge shows it when above zero. */
  count?: number;
}

/** The Filters button that opens and closes a list's filter panel. */
export function FilterToggle({ open, onToggle, controls, count = 0 }: FilterToggleProps) {
  const { t } = useTranslation();
  return (
    <Button variant="secondary" aria-expanded={open} aria-controls={controls} onClick={onToggle}>
      <Filter aria-hidden="true" className="size-4" />
      {t('filters.title')}
      {count > 0 && <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">{count}</span>}
    </Button>
  );
}
