import { useTranslation } from 'react-i18next';
import { PenLine } from 'lucide-react';
import { InitialsAvatar } from '../../components/InitialsAvatar';
import { nameParts, type Viewer } from './presence';

/** Avatars shown before the rest collapse into "+N". */
const MAX_AVATARS = 4;

/**
 * Who else has this customer open: an avatar per person (a pen on it while they type a note), each labelled for
 * assistive technology ("Ana Ruiz is viewing") and with the same words as a tooltip. Nothing when nobody else is here.
 */
export function PresenceIndicator({ viewers }: { viewers: readonly Viewer[] }) {
  const { t } = useTranslation();
  if (viewers.length === 0) return null;
  const shown = viewers.slice(0, MAX_AVATARS);
  const rest = viewers.slice(MAX_AVATARS);
  const describe = (viewer: Viewer) =>
    viewer.typing ? t('presence.typing', { name: viewer.name }) : t('presence.viewing', { name: viewer.name });

  return (
    <div className="flex items-center gap-2 self-center">
      <span aria-hidden="true" className="text-xs font-medium text-slate-600">
        {t('presence.caption')}
      </span>
      <ul aria-label={t('presence.label')} className="flex -space-x-2">
        {shown.map((viewer) => {
          const label = describe(viewer);
          const { firstName, lastName } = nameParts(viewer.name);
          return (
            <li key={viewer.user_id} className="relative" title={label}>
              <span role="img" aria-label={label} className="block rounded-full ring-2 ring-white">
                <InitialsAvatar firstName={firstName} lastName={lastName} className="size-8 text-xs" />
              </span>
              {viewer.typing && (
                <span
                  aria-hidden="true"
                  className="absolute -right-1 -bottom-1 flex size-4 items-center justify-center rounded-full bg-amber-400 text-amber-950 ring-2 ring-white motion-safe:animate-pulse"
                >
                  <PenLine className="size-2.5" />
                </span>
              )}
            </li>
          );
        })}
        {rest.length > 0 && (
          <li title={rest.map(describe).join('\n')}>
            <span
              role="img"
              aria-label={t('presence.more', { number: rest.length, names: rest.map((viewer) => viewer.name).join(', ') })}
              className="flex size-8 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-800 ring-2 ring-white"
            >
              +{rest.length}
            </span>
          </li>
        )}
      </ul>
    </div>
  );
}

/**
 * "Ana Ruiz is typing a note…" above the timeline, where the note will appear. A polite live region that is always
 * there (empty when nobody types), so screen readers announce when someone starts.
 */
export function TypingNotice({ viewers }: { viewers: readonly Viewer[] }) {
  const { t } = useTranslation();
  const typing = viewers.filter((viewer) => viewer.typing);
  const message =
    typing.length === 0
      ? ''
      : typing.length === 1
        ? t('presence.typing', { name: typing[0]!.name })
        : typing.length === 2
          ? t('presence.typingTwo', { first: typing[0]!.name, second: typing[1]!.name })
          : t('presence.typingMany', { number: typing.length });
  return (
    <p role="status" className={message ? 'mb-4 flex items-center gap-2 text-sm text-slate-700' : 'sr-only'}>
      {message && <PenLine aria-hidden="true" className="size-4 text-amber-600 motion-safe:animate-pulse" />}
      {message}
    </p>
  );
}
