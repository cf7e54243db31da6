import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyRound, Plus } from 'lucide-react';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { ScrollFrame } from '../../components/ScrollFrame';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { bodyCell, headerCell, tableClasses } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { useApiKeys, useRevokeApiKey, type ApiKey } from './apiKeysApi';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

/** /settings/api-keys: keys for integrations; a new key is shown once, revoked keys stay listed. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const revoking = useConfirmedAction((key: ApiKey) => revoke.mutateAsync(key.id));

  const newKeyButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" className="size-4" />
      {t('apiKeys.new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('settings.sections.apiKeys.title')} description={t('settings.sections.apiKeys.description')} actions={newKeyButton} />
      {revoking.failure && (
        <div className="mb-4">
          <Alert tone="error">{revoking.failure}</Alert>
        </div>
      )}
      {keys.isPending ? (
        <LoadingState />
      ) : keys.isError ? (
        <ErrorState message={t('apiKeys.loadError')} error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState
          icon={<KeyRound aria-hidden="true" className="size-6" />}
          title={t('apiKeys.empty.title')}
          description={t('apiKeys.empty.description')}
        />
      ) : (
        <ApiKeysTable keys={keys.data} onRevoke={revoking.ask} />
      )}
      <CreateApiKeyDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking.pending !== undefined}
        title={t('apiKeys.revoke.confirmTitle')}
        message={revoking.pending ? t('apiKeys.revoke.confirmText', { name: revoking.pending.name }) : ''}
        confirmLabel={revoke.isPending ? t('apiKeys.revoke.working') : t('apiKeys.revoke.confirm')}
        busy={revoke.isPending}
        onConfirm={() => void revoking.confirm()}
        onCancel={revoking.cancel}
      />
    </>
  );
}

function ApiKeysTable({ keys, onRevoke }: { keys: readonly ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const when = (iso: string | null) =>
    iso ? (
      <time dateTime={iso} title={format.dateTime(iso)}>
        {format.date(iso)}
      </time>
    ) : (
      <span className="text-slate-600">{t('apiKeys.table.never')}</span>
    );

  return (
    <ScrollFrame label={t('apiKeys.table.caption')}>
      <table className={tableClasses}>
        <caption className="sr-only">{t('apiKeys.table.caption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={headerCell}>
              {t('apiKeys.table.name')}
            </th>
            <th scope="col" className={headerCell}>
              {t('apiKeys.table.scopes')}
            </th>
            <th scope="col" className={headerCell}>
              {t('apiKeys.table.created')}
            </th>
            <th scope="col" className={headerCell}>
              {t('apiKeys.table.lastUsed')}
            </th>
            <th scope="col" className={headerCell}>
              {t('apiKeys.table.status')}
            </th>
            <th scope="col" className={headerCell}>
              <span className="sr-only">{t('apiKeys.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id}>
              <td className={bodyCell}>
                <p className="font-medium text-slate-900">{key.name}</p>
                <p className="font-mono text-xs text-slate-600">{key.prefix}…</p>
              </td>
              <td className={bodyCell}>
                <ul className="flex flex-wrap gap-1">
                  {key.scopes.map((scope) => (
                    <li key={scope} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                      {scope}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={`${bodyCell} whitespace-nowrap`}>{when(key.created_at)}</td>
              <td className={`${bodyCell} whitespace-nowrap`}>{when(key.last_used_at)}</td>
              <td className={`${bodyCell} whitespace-nowrap`}>
                {key.revoked_at ? (
                  <Badge tone="slate">{t('apiKeys.table.revokedOn', { date: format.date(key.revoked_at) })}</Badge>
                ) : (
                  <Badge tone="green">{t('apiKeys.table.active')}</Badge>
                )}
              </td>
              <td className={`${bodyCell} text-right`}>
                {!key.revoked_at && (
                  <Button
                    variant="ghost"
                    className="text-red-700 hover:bg-red-50"
                    onClick={() => onRevoke(key)}
                    aria-label={t('apiKeys.revoke.buttonNamed', { name: key.name })}
                  >
                    {t('apiKeys.revoke.button')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}
