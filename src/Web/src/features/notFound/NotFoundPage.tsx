import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('pages.notFound.title')} description={t('pages.notFound.description')} />
      <Link to="/" className={buttonClasses('secondary')}>
        {t('pages.notFound.back')}
      </Link>
    </>
  );
}
