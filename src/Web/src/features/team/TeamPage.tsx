import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPlus, Users } from 'lucide-react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useMe } from '../../auth/useMe';
import { usePermission } from '../../auth/usePermission';
import { InviteUserDialog } from './InviteUserDialog';
import { useUsers } from './teamApi';
import { UsersTable } from './UsersTable';
import { WorkspaceSecurityCard } from './WorkspaceSecurityCard';

/** /settings/team: everyone in the workspace; admins invite, change roles, deactivate, require MFA. */
export function TeamPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = usePermission('users.manage');
  const users = useUsers();
  const [inviting, setInviting] = useState(false);
  const [invited, setInvited] = useState<string>();
  const [failure, setFailure] = useState<string>();

  return (
    <>
      <PageHeader
        title={t('settings.sections.team.title')}
        description={t('settings.sections.team.description')}
        actions={
          canManage && (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden="true" className="size-4" />
              {t('team.invite.button')}
            </Button>
          )
        }
      />
      <div className="space-y-6">
        {invited && <Alert tone="success">{t('team.invite.sent', { email: invited })}</Alert>}
        {failure && <Alert tone="error">{failure}</Alert>}
        {users.isPending ? (
          <LoadingState />
        ) : users.isError ? (
          <ErrorState message={t('team.loadError')} error={users.error} onRetry={() => void users.refetch()} />
        ) : users.data.length === 0 ? (
          <EmptyState icon={<Users aria-hidden="true" className="size-6" />} title={t('team.empty.title')} description={t('team.empty.description')} />
        ) : (
          <UsersTable users={users.data} canManage={canManage} currentUserId={me.data?.id ?? ''} onFailure={setFailure} />
        )}
        {canManage && <WorkspaceSecurityCard />}
      </div>
      {canManage && (
        <InviteUserDialog
          open={inviting}
          onClose={() => setInviting(false)}
          onInvited={(user) => {
            setInviting(false);
            setInvited(user.email);
          }}
        />
      )}
    </>
  );
}
