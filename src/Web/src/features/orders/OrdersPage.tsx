import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export function OrdersPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('pages.orders.title')} description={t('pages.orders.description')} />;
}
