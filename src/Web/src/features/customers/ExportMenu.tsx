import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDown, Download } from 'lucide-react';
import { ApiError } from '../../api/problemDetails';
import { buttonClasses } from '../../components/Button';
import { downloadExport } from './customerApi';
import { exportUrl, type CustomerFilters } from './customerFilters';

type ExportFormat = 'csv' | 'json';

/**
 * Downloads /customers/export with the list's current filters. A <details> menu: a native
 * disclosure that works with the keyboard. The file is fetched with the access token, then saved.
 */
export function ExportMenu({ filters }: { filters: CustomerFilters }) {
  const { t } = useTranslation();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const close = () => detailsRef.current?.removeAttribute('open');
  const itemClasses = 'block w-full rounded px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100 disabled:opacity-60';

  const download = async (format: ExportFormat) => {
    close();
    setBusy(true);
    setFailure(undefined);
    try {
      await downloadExport(exportUrl(filters, format), `customers.${format}`);
    } catch (error) {
      setFailure(
        error instanceof ApiError ? (error.problem.detail ?? error.problem.title ?? t('customers.export.failed')) : t('common.networkError'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="relative">
      <details
        ref={detailsRef}
        className="relative"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && detailsRef.current?.open) {
            close();
            detailsRef.current.querySelector('summary')?.focus();
          }
        }}
      >
        <summary className={buttonClasses('secondary', 'cursor-pointer list-none [&::-webkit-details-marker]:hidden')}>
          <Download aria-hidden="true" className="size-4" />
          {busy ? t('customers.export.working') : t('customers.export.button')}
          <ChevronDown aria-hidden="true" className="size-4" />
        </summary>
        <div className="absolute right-0 z-30 mt-1 w-56 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          <button type="button" className={itemClasses} disabled={busy} onClick={() => void download('csv')}>
            {t('customers.export.csv')}
          </button>
          <button type="button" className={itemClasses} disabled={busy} onClick={() => void download('json')}>
            {t('customers.export.json')}
          </button>
        </div>
      </details>
      {failure && (
        <p role="alert" className="absolute right-0 z-30 mt-1 w-64 rounded-md bg-red-50 p-2 text-sm text-red-800 ring-1 ring-red-200">
          {failure}
        </p>
      )}
    </div>
  );
}
