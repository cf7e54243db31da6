import { Building2, FileText, Inbox, KeyRound, MailCheck, ScrollText, UserRound, Store, Users, Webhook, type LucideIcon } from 'lucide-react';
import type { Permission } from '../../auth/authApi';
import { useMe } from '../../auth/useMe';
import { useLocalMailMode } from '../mailbox/mailboxApi';

export type SettingsSectionKey = 'profile' | 'workspace' | 'team' | 'apiKeys' | 'webhooks' | 'integrations' | 'templates' | 'mailSync' | 'mailbox' | 'audit';

export interface SettingsSection {
  key: SettingsSectionKey;
  to: string;
  icon: LucideIcon;
  /** Needed to see the section; none for the own profile. */
  permission?: Permission;
  /** Shown only while the server keeps sent mail locally (no mail provider configured). */
  localMailOnly?: boolean;
}

export const settingsSections: readonly SettingsSection[] = [
  { key: 'profile', to: '/settings/profile', icon: UserRound },
  { key: 'workspace', to: '/settings/workspace', icon: Building2, permission: 'users.manage' },
  { key: 'team', to: '/settings/team', icon: Users, permission: 'users.read' },
  { key: 'apiKeys', to: '/settings/api-keys', icon: KeyRound, permission: 'api_keys.manage' },
  { key: 'webhooks', to: '/settings/webhooks', icon: Webhook, permission: 'webhooks.manage' },
  { key: 'integrations', to: '/settings/integrations', icon: Store, permission: 'integrations.manage' },
  { key: 'templates', to: '/settings/templates', icon: FileText, permission: 'customers.write' },
  { key: 'mailSync', to: '/settings/mail-sync', icon: MailCheck, permission: 'integrations.manage' },
  { key: 'mailbox', to: '/settings/mailbox', icon: Inbox, permission: 'gdpr', localMailOnly: true },
  { key: 'audit', to: '/settings/audit', icon: ScrollText, permission: 'audit.read' },
];

/** The sections the signed-in user may open. */
export function useSettingsSections(): SettingsSection[] {
  const permissions = useMe().data?.permissions ?? [];
  const localMail = useLocalMailMode(permissions.includes('gdpr')).data === true;
  return settingsSections.filter(
    (section) => (!section.permission || permissions.includes(section.permission)) && (!section.localMailOnly || localMail),
  );
}
