import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShieldCheck, UserX } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { InitialsAvatar } from '../../components/InitialsAvatar';
import { ScrollFrame } from '../../components/ScrollFrame';
import { bodyCell, headerCell, tableClasses } from '../../components/table';
import type { Role } from '../../auth/authApi';
import { useLocaleFormatters } from '../../i18n/format';
import { useDeactivateUser, useUpdateUser, type User } from './teamApi';
import { UserRoleSelect } from './UserRoleSelect';
import { UserStatusBadge } from './teamPresentation';

interface UsersTableProps {
  users: readonly User[];
  /** users.manage: roles can be changed and users deactivated. */
  canManage: boolean;
  currentUserId: string;
  /** A failed change, to show above the table. */
  onFailure: (message: string | undefined) => void;
}

const fullName = (user: User) => `${user.first_name} ${user.last_name}`.trim() || user.email;

export function UsersTable({ users, canManage, currentUserId, onFailure }: UsersTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const updateUser = useUpdateUser();
  const deactivate = useDeactivateUser();
  const [confirming, setConfirming] = useState<User>();

  const explain = (error: unknown) => problemText(t, error);

  const changeRole = async (user: User, role: Role) => {
    onFailure(undefined);
    try {
      await updateUser.mutateAsync({ id: user.id, change: { role } });
    } catch (error) {
      onFailure(explain(error));
    }
  };

  const confirmDeactivate = async () => {
    if (!confirming) return;
    onFailure(undefined);
    try {
      await deactivate.mutateAsync(confirming.id);
    } catch (error) {
      onFailure(explain(error));
    }
    setConfirming(undefined);
  };

  return (
    <ScrollFrame label={t('team.table.caption')}>
      <table className={tableClasses}>
        <caption className="sr-only">{t('team.table.caption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={headerCell}>
              {t('team.table.name')}
            </th>
            <th scope="col" className={headerCell}>
              {t('team.table.email')}
            </th>
            <th scope="col" className={headerCell}>
              {t('team.table.role')}
            </th>
            <th scope="col" className={headerCell}>
              {t('team.table.status')}
            </th>
            <th scope="col" className={headerCell}>
              {t('team.table.mfa')}
            </th>
            <th scope="col" className={headerCell}>
              {t('team.table.lastLogin')}
            </th>
            {canManage && (
              <th scope="col" className={headerCell}>
                <span className="sr-only">{t('team.table.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((user) => {
            const name = fullName(user);
            const isSelf = user.id === currentUserId;
            const editable = canManage && !isSelf && user.status !== 'inactive';
            return (
              <tr key={user.id}>
                <td className={bodyCell}>
                  <div className="flex items-center gap-3">
                    <InitialsAvatar firstName={user.first_name} lastName={user.last_name} email={user.email} />
                    <p className="font-medium text-slate-900">
                      {name}
                      {isSelf && <span className="ml-1.5 text-xs font-normal text-slate-600">{t('team.table.you')}</span>}
                    </p>
                  </div>
                </td>
                <td className={bodyCell}>
                  <span className="block max-w-64 truncate" title={user.email}>
                    {user.email}
                  </span>
                </td>
                <td className={`${bodyCell} whitespace-nowrap`}>
                  {editable ? (
                    <UserRoleSelect
                      user={user}
                      name={name}
                      disabled={updateUser.isPending}
                      onChange={(role) => void changeRole(user, role)}
                    />
                  ) : (
                    t(`team.roles.${user.role}`)
                  )}
                </td>
                <td className={bodyCell}>
                  <UserStatusBadge status={user.status} />
                </td>
                <td className={`${bodyCell} whitespace-nowrap`}>
                  {user.mfa_enabled ? (
                    <span className="inline-flex items-center gap-1 text-emerald-800">
                      <ShieldCheck aria-hidden="true" className="size-4" />
                      {t('team.table.mfaOn')}
                    </span>
                  ) : (
                    <span className="text-slate-600">{t('team.table.mfaOff')}</span>
                  )}
                </td>
                <td className={`${bodyCell} whitespace-nowrap`}>
                  {user.last_login ? (
                    <time dateTime={user.last_login} title={format.dateTime(user.last_login)}>
                      {format.date(user.last_login)}
                    </time>
                  ) : (
                    <span className="text-slate-600">{t('team.table.never')}</span>
                  )}
                </td>
                {canManage && (
                  <td className={`${bodyCell} text-right`}>
                    {editable && (
                      <Button
                        variant="ghost"
                        className="text-red-700 hover:bg-red-50"
                        onClick={() => setConfirming(user)}
                        aria-label={t('team.deactivate.buttonNamed', { name })}
                      >
                        <UserX aria-hidden="true" className="size-4" />
                        {t('team.deactivate.button')}
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={confirming !== undefined}
        title={t('team.deactivate.confirmTitle')}
        message={confirming ? t('team.deactivate.confirmText', { name: fullName(confirming) }) : ''}
        confirmLabel={deactivate.isPending ? t('team.deactivate.working') : t('team.deactivate.confirm')}
        busy={deactivate.isPending}
        onConfirm={() => void confirmDeactivate()}
        onCancel={() => setConfirming(undefined)}
      />
    </ScrollFrame>
  );
}
