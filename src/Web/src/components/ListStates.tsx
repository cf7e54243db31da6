import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchX } from 'lucide-react';
import { EmptyState, ErrorState, LoadingState } from './StateMessages';

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** The list pages whose texts follow the shared key layout below. */
export type ListTexts = 'customers' | 'orders' | 'activities';

interface ListStatesProps {
  list: ListQuery;
  /** How many rows are loaded: an error with rows already shown is left to the list's footer. */
  count: number;
  /**
   * Where the list's texts live: `<texts>.loadError`, `<texts>.noMatches.title|description` and
   * `<texts>.empty.title|description` (the same keys on every list page).
   */
  texts: ListTexts;
  /** Whether a search or filter narrows the list: no rows then means "no matches", not "nothing yet". */
  filtered: boolean;
  emptyIcon: ReactNode;
  emptyAction?: ReactNode;
  /** Replaces `<texts>.noMatches.description`, e.g. to name the search. */
  noMatchesDescription?: string;
  /** The rows, shown once there are any. */
  children: ReactNode;
}

/** The states every list page goes through: loading, failed, nothing yet, no matches, or its rows. */
export function ListStates({ list, count, texts, filtered, emptyIcon, emptyAction, noMatchesDescription, children }: ListStatesProps) {
  const { t } = useTranslation();
  if (list.isPending) {
    return <LoadingState />;
  }

  if (list.isError && count === 0) {
    return <ErrorState message={t(`${texts}.loadError`)} error={list.error} onRetry={() => void list.refetch()} />;
  }

  if (count === 0) {
    return filtered ? (
      <EmptyState
        icon={<SearchX aria-hidden="true" className="size-6" />}
        title={t(`${texts}.noMatches.title`)}
        description={noMatchesDescription ?? t(`${texts}.noMatches.description`)}
      />
    ) : (
      <EmptyState icon={emptyIcon} title={t(`${texts}.empty.title`)} description={t(`${texts}.empty.description`)} action={emptyAction} />
    );
  }

  return <>{children}</>;
}
