import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LogOut, MonitorSmartphone } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SectionCard } from '../../components/SectionCard';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { ScrollFrame } from '../../components/ScrollFrame';
import { bodyCell, headerCell, tableClasses } from '../../components/table';
import { logoutEverywhere, type SessionInfo } from '../../auth/authApi';
import { useAuthSession } from '../../auth/AuthProvider';
import { useLocaleFormatters } from '../../i18n/format';
import { useRevokeSession, useSessions } from './profileApi';


/** Where the user is signed in, this device first; others can be signed out one by one or all at once. */
export function SessionsSection() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const sessions = useSessions();
  const [confirmAll, setConfirmAll] = useState(false);
  const [signingOutAll, setSigningOutAll] = useState(false);
  const [failure, setFailure] = useState<string>();

  const signOutEverywhere = async () => {
    setSigningOutAll(true);
    setFailure(undefined);
    try {
      await logoutEverywhere();
      session.end('signedOut');
    } catch (error) {
      setSigningOutAll(false);
      setConfirmAll(false);
      setFailure(problemText(t, error));
    }
  };

  const rows = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current));

  return (
    <SectionCard
      title={t('profile.sessions.title')}
      description={t('profile.sessions.description')}
      actions={
        <Button variant="secondary" className="text-red-700" onClick={() => setConfirmAll(true)}>
          <LogOut aria-hidden="true" className="size-4" />
          {t('profile.sessions.signOutEverywhere')}
        </Button>
      }
    >
      {failure && (
        <div className="mb-4">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorState message={t('profile.sessions.loadError')} error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <ScrollFrame label={t('profile.sessions.title')} className="-mx-5 overflow-x-auto sm:-mx-6">
          <table className={tableClasses}>
            <caption className="sr-only">{t('profile.sessions.title')}</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={headerCell}>
                  {t('profile.sessions.device')}
                </th>
                <th scope="col" className={headerCell}>
                  {t('profile.sessions.ip')}
                </th>
                <th scope="col" className={headerCell}>
                  {t('profile.sessions.signedIn')}
                </th>
                <th scope="col" className={headerCell}>
                  {t('profile.sessions.lastUsed')}
                </th>
                <th scope="col" className={headerCell}>
                  <span className="sr-only">{t('profile.sessions.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <SessionRow key={row.id} row={row} />
              ))}
            </tbody>
          </table>
        </ScrollFrame>
      )}
      <ConfirmDialog
        open={confirmAll}
        title={t('profile.sessions.confirmTitle')}
        message={t('profile.sessions.confirmText')}
        confirmLabel={t('profile.sessions.signOutEverywhere')}
        busy={signingOutAll}
        onConfirm={() => void signOutEverywhere()}
        onCancel={() => setConfirmAll(false)}
      />
    </SectionCard>
  );
}

function SessionRow({ row }: { row: SessionInfo }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const revoke = useRevokeSession();
  const device = row.user_agent?.trim() || t('profile.sessions.unknownDevice');

  return (
    <tr>
      <td className={bodyCell}>
        <div className="flex items-center gap-2">
          <MonitorSmartphone aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
          <span className="block max-w-72 truncate" title={device}>
            {device}
          </span>
          {row.current && <Badge tone="indigo">{t('profile.sessions.thisDevice')}</Badge>}
        </div>
        {revoke.isError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {t('profile.sessions.revokeFailed')}
          </p>
        )}
      </td>
      <td className={`${bodyCell} whitespace-nowrap font-mono text-xs`}>{row.ip ?? '—'}</td>
      <td className={`${bodyCell} whitespace-nowrap`}>
        <time dateTime={row.created_at}>{format.dateTime(row.created_at)}</time>
      </td>
      <td className={`${bodyCell} whitespace-nowrap`}>
        {row.last_used_at ? <time dateTime={row.last_used_at}>{format.dateTime(row.last_used_at)}</time> : '—'}
      </td>
      <td className={`${bodyCell} text-right`}>
        {!row.current && (
          <Button
            variant="ghost"
            className="text-red-700 hover:bg-red-50"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate(row.id)}
            aria-label={t('profile.sessions.revokeNamed', { device })}
          >
            {t('profile.sessions.revoke')}
          </Button>
        )}
      </td>
    </tr>
  );
}
