import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { FieldSpec, FiltersOf, UrlFilters } from './urlFilters';

/** A list's filters read from the URL, and `update` to change some of them (replacing the history entry). */
export function useUrlFilters<Spec extends FieldSpec>(definition: UrlFilters<Spec>) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => definition.read(searchParams), [definition, searchParams]);
  const update = useCallback(
    (patch: Partial<FiltersOf<Spec>>) =>
      setSearchParams((current) => definition.write({ ...definition.read(current), ...patch }), { replace: true }),
    [definition, setSearchParams],
  );
  return { filters, update };
}
