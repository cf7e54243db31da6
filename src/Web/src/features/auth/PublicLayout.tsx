import { Outlet } from 'react-router';
import { Brand } from '../../layout/Brand';
import { LanguageSwitcher } from '../../layout/LanguageSwitcher';

/** Sign-in, password reset and invitation pages: one card on the brand colour, no navigation. */
export function PublicLayout() {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-slate-900 px-4 py-10">
      <Brand />
      <main id="main" className="mt-8 w-full max-w-md rounded-lg bg-white p-6 shadow-xl sm:p-8">
        <Outlet />
      </main>
      <div className="mt-6 w-full max-w-xs">
        <LanguageSwitcher />
      </div>
    </div>
  );
}
