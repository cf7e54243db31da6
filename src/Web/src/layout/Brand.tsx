import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="flex items-center gap-3 rounded-md focus-visible:outline-white">
      <span aria-hidden="true" className="flex size-9 items-center justify-center rounded-lg bg-indigo-500 text-lg font-bold text-white">
        S
      </span>
      <span className="leading-tight">
        <span className="block text-base font-semibold text-white">{t('app.name')}</span>
        <span className="block text-xs text-slate-300">{t('app.tagline')}</span>
      </span>
    </Link>
  );
}
