import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useSegment } from './segmentsApi';

/** Above a customer list narrowed by ?segment=: which segment, a way back to it, and a way out of it. */
export function SegmentFilterNotice({ segmentId, onClear }: { segmentId: string; onClear: () => void }) {
  const { t } = useTranslation();
  const segment = useSegment(segmentId);
  const name = segment.data?.name ?? '…';
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md bg-indigo-50 px-4 py-2.5 text-sm text-indigo-900 ring-1 ring-indigo-200">
      <p>
        {t('segments.filter.only')}{' '}
        <Link to={`/segments/${segmentId}`} className="font-semibold underline">
          {name}
        </Link>
      </p>
      <Button variant="secondary" onClick={onClear}>
        {t('segments.filter.clear')}
      </Button>
    </div>
  );
}
