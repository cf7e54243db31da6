import type { ReactNode } from 'react';
import { EmptyState, ErrorState, LoadingState, type EmptyStateProps } from './StateMessages';

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface ListStatesProps {
  list: ListQuery;
  /** How many rows are loaded: an error with rows already shown is left to the list's footer. */
  count: number;
  loadErrorMessage: string;
  /** Whether a search or filter narrows the list: no rows then means "no matches", not "nothing yet". */
  filtered: boolean;
  noMatches: EmptyStateProps;
  empty: EmptyStateProps;
  /** The rows, shown once there are any. */
  children: ReactNode;
}

/** The states every list page goes through: loading, failed, nothing yet, no matches, or its rows. */
export function ListStates({ list, count, loadErrorMessage, filtered, noMatches, empty, children }: ListStatesProps) {
  if (list.isPending) {
    return <LoadingState />;
  }

  if (list.isError && count === 0) {
    return <ErrorState message={loadErrorMessage} error={list.error} onRetry={() => void list.refetch()} />;
  }

  if (count === 0) {
    return <EmptyState {...(filtered ? noMatches : empty)} />;
  }

  return <>{children}</>;
}
