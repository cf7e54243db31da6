import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { navigationItems } from './navigation';

interface NavigationLinksProps {
  onNavigate?: () => void;
}

export function NavigationLinks({ onNavigate }: NavigationLinksProps) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.label')}>
      <ul className="space-y-1">
        {navigationItems.map(({ to, labelKey, icon: Icon }) => (
          <li key={to}>
            <NavLink
              to={to}
              end={to === '/'}
              onClick={onNavigate}
              className={({ isActive }) =>
                `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-white ${
                  isActive ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'
                }`
              }
            >
              <Icon aria-hidden="true" className="size-5 shrink-0" />
              {t(labelKey)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
