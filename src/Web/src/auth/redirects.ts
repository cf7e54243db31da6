/** Where the profile page lives; users who must set up MFA are sent there. */
export const PROFILE_PATH = '/settings/profile';

const PUBLIC_PATHS = ['/login', '/forgot-password', '/reset-password', '/accept-invitation'];

/**
 * The ?next= of the sign-in page, if it is a path of this app: anything else (another site,
 * "//evil.example", "javascript:…") becomes the dashboard, so the parameter cannot send people away.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const pathname = next.split(/[?#]/)[0] ?? '';
  return PUBLIC_PATHS.includes(pathname) ? '/' : next;
}

/** The sign-in page's URL that comes back to `here` afterwards. */
export function loginPathFor(here: string): string {
  const next = safeNextPath(here);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
