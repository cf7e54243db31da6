import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useSettingsSections } from './settingsSections';

/** /settings: what each settings section is for, as links. */
export function SettingsPage() {
  const { t } = useTranslation();
  const sections = useSettingsSections();
  return (
    <>
      <PageHeader title={t('pages.settings.title')} description={t('pages.settings.description')} />
      <ul className="grid gap-4 sm:grid-cols-2">
        {sections.map(({ key, to, icon: Icon }) => (
          <li key={key}>
            <Link
              to={to}
              className="flex h-full items-start gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300"
            >
              <span className="rounded-full bg-indigo-50 p-2.5 text-indigo-700">
                <Icon aria-hidden="true" className="size-5" />
              </span>
              <span>
                <span className="block font-semibold text-slate-900">{t(`settings.sections.${key}.title`)}</span>
                <span className="mt-1 block text-sm text-slate-600">{t(`settings.sections.${key}.description`)}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
