import { useEffect, useId, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Check, ChevronDown, LogOut, UserRound } from 'lucide-react';
import { InitialsAvatar } from '../components/InitialsAvatar';
import { usePopover } from '../components/usePopover';
import { useAuthSession } from '../auth/AuthProvider';
import { PROFILE_PATH } from '../auth/redirects';
import { useMe } from '../auth/useMe';
import { useSwitchWorkspace, useWorkspaces } from '../auth/useWorkspaces';

interface UserMenuProps {
  /** On the dark phone bar only the initials show; the name is still read out. */
  variant: 'light' | 'dark';
}

/**
 * The signed-in user (initials and name) as a disclosure button; it opens the workspace switcher (with two or
 * more workspaces), Profile and Sign out.
 * Escape or a click elsewhere closes it.
 */
export function UserMenu({ variant }: UserMenuProps) {
  const { t } = useTranslation();
  const me = useMe();
  const session = useAuthSession();
  const { pathname } = useLocation();
  const panelId = useId();
  const { open, setOpen, rootRef, buttonRef, onKeyDown } = usePopover();
  const [signingOut, setSigningOut] = useState(false);
  const workspaces = useWorkspaces();
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();

  useEffect(() => setOpen(false), [pathname]);

  if (!me.data) return null;
  const { first_name: firstName, last_name: lastName, email } = me.data;
  const name = `${firstName} ${lastName}`.trim() || email;

  const signOut = async () => {
    setSigningOut(true);
    await session.signOut();
  };

  const chooseWorkspace = async (id: string) => {
    try {
      await switchTo.mutateAsync(id);
    } catch {
      return; // shown below the list
    }
    setOpen(false);
    void navigate('/');
  };

  const itemClasses = 'flex w-full items-center gap-2 rounded px-3 py-2 text-left text-sm text-slate-800 hover:bg-slate-100';
  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={onKeyDown}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((isOpen) => !isOpen)}
        className={`flex items-center gap-2 rounded-md p-1.5 text-sm font-medium ${
          variant === 'dark' ? 'text-slate-200 hover:bg-slate-800 focus-visible:outline-white' : 'text-slate-800 hover:bg-slate-100'
        }`}
      >
        <InitialsAvatar firstName={firstName} lastName={lastName} email={email} />
        <span className={variant === 'dark' ? 'sr-only' : 'max-w-48 truncate'}>{name}</span>
        <span className="sr-only">{t('userMenu.label')}</span>
        <ChevronDown aria-hidden="true" className="size-4 shrink-0" />
      </button>
      {open && (
        <div id={panelId} className="absolute right-0 z-50 mt-2 w-64 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          <div className="border-b border-slate-200 px-3 py-2">
            <p className="truncate text-sm font-semibold text-slate-900">{name}</p>
            <p className="truncate text-xs text-slate-600">{email}</p>
            <p className="truncate text-xs text-slate-600" data-testid="current-workspace">
              {me.data.workspace.name}
            </p>
          </div>
          {workspaces.data && workspaces.data.length >= 2 && (
            <div className="border-b border-slate-200 py-1">
              <p id={`${panelId}-workspaces`} className="px-3 pt-1 pb-0.5 text-xs font-medium uppercase tracking-wide text-slate-500">
                {t('userMenu.workspaces')}
              </p>
              <ul aria-labelledby={`${panelId}-workspaces`}>
                {workspaces.data.map((workspace) => (
                  <li key={workspace.id}>
                    <button
                      type="button"
                      className={itemClasses}
                      aria-current={workspace.current || undefined}
                      disabled={workspace.current || switchTo.isPending}
                      onClick={() => void chooseWorkspace(workspace.id)}
                    >
                      <Check aria-hidden="true" className={`size-4 shrink-0 ${workspace.current ? 'text-indigo-600' : 'invisible'}`} />
                      <span className="truncate">{workspace.name}</span>
                      {workspace.current && <span className="sr-only">{t('userMenu.currentWorkspace')}</span>}
                    </button>
                  </li>
                ))}
              </ul>
              {switchTo.isError && (
                <p role="alert" className="px-3 py-1 text-xs text-red-700">
                  {t('userMenu.switchFailed')}
                </p>
              )}
            </div>
          )}
          <ul className="pt-1">
            <li>
              <Link to={PROFILE_PATH} className={itemClasses}>
                <UserRound aria-hidden="true" className="size-4" />
                {t('userMenu.profile')}
              </Link>
            </li>
            <li>
              <button type="button" className={itemClasses} onClick={() => void signOut()} disabled={signingOut}>
                <LogOut aria-hidden="true" className="size-4" />
                {signingOut ? t('userMenu.signingOut') : t('userMenu.signOut')}
              </button>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
