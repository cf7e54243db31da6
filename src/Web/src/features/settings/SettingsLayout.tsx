import { NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSettingsSections } from './settingsSections';

/** Settings pages share a row of section links above the page, leaving the full width to their tables. */
export function SettingsLayout() {
  const { t } = useTranslation();
  const sections = useSettingsSections();
  return (
    <>
      <nav aria-label={t('settings.navLabel')} className="mb-6 border-b border-slate-200">
        <ul className="-mb-px flex gap-1 overflow-x-auto">
          {sections.map(({ key, to, icon: Icon }) => (
            <li key={key}>
              <NavLink
                to={to}
                className={({ isActive }) =>
                  `flex items-center gap-2 whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${
                    isActive
                      ? 'border-indigo-600 text-indigo-700'
                      : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
                  }`
                }
              >
                <Icon aria-hidden="true" className="size-4 shrink-0" />
                {t(`settings.sections.${key}.title`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
