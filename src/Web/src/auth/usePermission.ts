import type { Permission } from './authApi';
import { useMe } from './useMe';

/**
 * Whether the signed-in user has a permission (GET /auth/me's `permissions`). The UI hides what
 * this denies; the server refuses it anyway. False while the user is not known yet.
 */
export function usePermission(permission: Permission): boolean {
  const me = useMe();
  return me.data?.permissions.includes(permission) ?? false;
}
