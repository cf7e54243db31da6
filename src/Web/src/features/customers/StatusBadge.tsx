import { useTranslation } from 'react-i18next';
import type { CustomerStatus } from '../../api/client';
import { Badge, type BadgeTone } from '../../components/Badge';

const tones: Record<CustomerStatus, BadgeTone> = {
  active: 'green',
  inactive: 'slate',
  vip: 'amber',
  blocked: 'red',
};

export function StatusBadge({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return <Badge tone={tones[status] ?? 'slate'}>{t(`customers.status.${status}`)}</Badge>;
}
