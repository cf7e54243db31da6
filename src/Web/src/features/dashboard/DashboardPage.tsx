import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export function DashboardPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('pages.dashboard.title')} description={t('pages.dashboard.description')} />;
}
