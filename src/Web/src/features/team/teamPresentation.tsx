import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../components/Badge';
import type { UserStatus } from '../../auth/authApi';

const statusTones: Record<UserStatus, BadgeTone> = { active: 'green', invited: 'amber', inactive: 'slate' };

export function UserStatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTones[status] ?? 'slate'}>{t(`team.status.${status}`)}</Badge>;
}
