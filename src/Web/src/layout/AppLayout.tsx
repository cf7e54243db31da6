import { useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Menu, X } from 'lucide-react';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { NotificationLiveRegion } from '../features/notifications/NotificationLiveRegion';
import { Brand } from './Brand';
import { LanguageSwitcher } from './LanguageSwitcher';
import { LiveStatus } from './LiveStatus';
import { NavigationLinks } from './NavigationLinks';
import { UserMenu } from './UserMenu';

const MOBILE_MENU_ID = 'mobile-menu';

/** Sidebar from the lg breakpoint up; below it a top bar whose menu button reveals the same navigation. */
export function AppLayout() {
  const { t } = useTranslation();
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();

  useEffect(() => setMenuOpen(false), [pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [menuOpen]);

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-semibold text-indigo-700 shadow focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
      >
        {t('app.skipToContent')}
      </a>

      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col bg-slate-900 px-4 py-6 lg:flex">
        <div className="px-2">
          <Brand />
        </div>
        <div className="mt-8 flex-1 overflow-y-auto">
          <NavigationLinks />
        </div>
        <div className="space-y-4 border-t border-slate-700 px-2 pt-4">
          <LanguageSwitcher />
          <LiveStatus />
        </div>
      </aside>

      <header className="sticky top-0 z-40 bg-slate-900 lg:hidden">
        <div className="flex items-center justify-between gap-2 px-4 py-3">
          <Brand />
          <div className="ml-auto flex items-center gap-1">
            <NotificationBell variant="dark" />
            <UserMenu variant="dark" />
          </div>
          <button
            type="button"
            aria-expanded={menuOpen}
            aria-controls={MOBILE_MENU_ID}
            onClick={() => setMenuOpen((open) => !open)}
            className="rounded-md p-2 text-slate-200 hover:bg-slate-800 hover:text-white focus-visible:outline-white"
          >
            {menuOpen ? <X aria-hidden="true" className="size-6" /> : <Menu aria-hidden="true" className="size-6" />}
            <span className="sr-only">{menuOpen ? t('nav.closeMenu') : t('nav.openMenu')}</span>
          </button>
        </div>
        {menuOpen && (
          <div id={MOBILE_MENU_ID} className="space-y-4 border-t border-slate-700 px-4 pb-5 pt-3 shadow-lg">
            <NavigationLinks onNavigate={() => setMenuOpen(false)} />
            <div className="space-y-4 border-t border-slate-700 pt-4">
              <LanguageSwitcher />
              <LiveStatus />
            </div>
          </div>
        )}
      </header>

      <header className="hidden border-b border-slate-200 bg-white px-10 py-2 lg:ml-64 lg:flex lg:items-center lg:justify-end lg:gap-2">
        <NotificationBell variant="light" />
        <UserMenu variant="light" />
      </header>
      <NotificationLiveRegion />

      <main id="main" tabIndex={-1} className="px-4 py-6 focus:outline-none sm:px-6 lg:ml-64 lg:px-10 lg:py-8">
        <div className="mx-auto max-w-6xl">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
