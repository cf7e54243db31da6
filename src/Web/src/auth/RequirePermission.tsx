import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import type { Permission } from './authApi';
import { usePermission } from './usePermission';

/** Shows its page only to users with the permission; others learn they have no access to it. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const allowed = usePermission(permission);
  if (allowed) return children;
  return <PageHeader title={t('access.deniedTitle')} description={t('access.deniedDescription')} />;
}
