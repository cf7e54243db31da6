import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDown, Download } from 'lucide-react';
import { buttonClasses } from '../../components/Button';
import { exportUrl, type CustomerFilters } from './customerFilters';

/**
 * Downloads /customers/export with the list's current filters. A <details> menu: a native
 * disclosure that works with the keyboard; the links download through the browser.
 */
export function ExportMenu({ filters }: { filters: CustomerFilters }) {
  const { t } = useTranslation();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const close = () => detailsRef.current?.removeAttribute('open');
  const linkClasses = 'block rounded px-3 py-2 text-sm text-slate-800 hover:bg-slate-100';

  return (
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
        {t('customers.export.button')}
        <ChevronDown aria-hidden="true" className="size-4" />
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-56 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <a href={exportUrl(filters, 'csv')} download className={linkClasses} onClick={close}>
          {t('customers.export.csv')}
        </a>
        <a href={exportUrl(filters, 'json')} download className={linkClasses} onClick={close}>
          {t('customers.export.json')}
        </a>
      </div>
    </details>
  );
}
