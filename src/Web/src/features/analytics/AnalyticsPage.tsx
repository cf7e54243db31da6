import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export function AnalyticsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('pages.analytics.title')} description={t('pages.analytics.description')} />;
}
