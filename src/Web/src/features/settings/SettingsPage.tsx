import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../../components/PlaceholderPage';

export function SettingsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('pages.settings.title')} description={t('pages.settings.description')} />;
}
