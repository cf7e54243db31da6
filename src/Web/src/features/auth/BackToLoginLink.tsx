import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';

export function BackToLoginLink() {
  const { t } = useTranslation();
  return (
    <p className="mt-6 text-center text-sm">
      <Link to="/login" className="inline-flex items-center gap-1.5 font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t('auth.backToLogin')}
      </Link>
    </p>
  );
}
