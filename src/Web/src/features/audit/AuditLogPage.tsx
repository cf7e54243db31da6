import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollText, SearchX } from 'lucide-react';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { useUrlFilters } from '../../components/useUrlFilters';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useAuditLog } from './auditApi';
import { AuditFilterBar } from './AuditFilterBar';
import { auditFilters } from './auditFilters';
import { AuditTable } from './AuditTable';

/** /settings/audit: who changed or read what, newest first, filtered through the URL, paged by cursor. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const { filters, update: updateFilters } = useUrlFilters(auditFilters);
  const query = useMemo(() => auditFilters.apiQuery(filters), [filters]);
  const log = useAuditLog(query);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = auditFilters.activeCount(filters) > 0;


  return (
    <>
      <PageHeader title={t('settings.sections.audit.title')} description={t('settings.sections.audit.description')} />
      <AuditFilterBar
        filters={filters}
        onChange={updateFilters}
        onClear={() => updateFilters(auditFilters.empty)}
        canClear={filtered}
      />
      {log.isPending ? (
        <LoadingState />
      ) : log.isError && entries.length === 0 ? (
        <ErrorState message={t('audit.loadError')} error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState
          icon={filtered ? <SearchX aria-hidden="true" className="size-6" /> : <ScrollText aria-hidden="true" className="size-6" />}
          title={filtered ? t('audit.noMatches.title') : t('audit.empty.title')}
          description={filtered ? t('audit.noMatches.description') : t('audit.empty.description')}
        />
      ) : (
        <>
          <AuditTable entries={entries} />
          <ListFooter list={log} loadErrorMessage={t('audit.loadError')} />
        </>
      )}
    </>
  );
}
