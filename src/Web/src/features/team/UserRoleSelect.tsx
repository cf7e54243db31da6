import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../auth/authApi';
import type { User } from './teamApi';

interface UserRoleSelectProps {
  user: User;
  name: string;
  disabled: boolean;
  onChange: (role: Role) => void;
}

/** A user's role in their table row; choosing another saves it. */
export function UserRoleSelect({ user, name, disabled, onChange }: UserRoleSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {t('team.table.roleOf', { name })}
      </label>
      <select
        id={id}
        value={user.role}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as Role)}
        className="block rounded-md border-0 bg-white py-1.5 pl-2.5 pr-8 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 disabled:bg-slate-100"
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`team.roles.${role}`)}
          </option>
        ))}
      </select>
    </>
  );
}
