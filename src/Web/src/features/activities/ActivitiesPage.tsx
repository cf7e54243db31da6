import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export function ActivitiesPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('pages.activities.title')} description={t('pages.activities.description')} />;
}
