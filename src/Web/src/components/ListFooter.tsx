import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { ErrorState } from './StateMessages';

interface ListFooterProps {
  /** The infinite query behind the list. */
  list: {
    isFetchNextPageError: boolean;
    error: unknown;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => Promise<unknown>;
  };
  /** "Showing 25 of 169", when the total is known. */
  shownText?: string;
  loadErrorMessage: string;
}

/** Below a cursor-paged table: a next-page error, how much is shown, and "Load more". */
export function ListFooter({ list, shownText, loadErrorMessage }: ListFooterProps) {
  const { t } = useTranslation();
  return (
    <>
      {list.isFetchNextPageError && (
        <div className="mt-4">
          <ErrorState message={loadErrorMessage} error={list.error} />
        </div>
      )}
      <div className="mt-4 flex flex-col items-center gap-2">
        {shownText && <p className="text-sm text-slate-600">{shownText}</p>}
        {list.hasNextPage && (
          <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t('customers.loadingMore') : t('customers.loadMore')}
          </Button>
        )}
      </div>
    </>
  );
}
