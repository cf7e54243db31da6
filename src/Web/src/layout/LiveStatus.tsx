import { useTranslation } from 'react-i18next';
import { useRealtimeStatus } from '../realtime/RealtimeProvider';

const dots = {
  connected: 'bg-emerald-400',
  connecting: 'bg-amber-400',
  reconnecting: 'bg-amber-400',
  offline: 'bg-slate-500',
} as const;

/** Whether pushes arrive: a dot and its meaning in words, in the dark sidebar. */
export function LiveStatus() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  if (!status) return null;
  return (
    <p role="status" className="flex items-center gap-2 text-xs text-slate-300">
      <span aria-hidden="true" className={`size-2 rounded-full ${dots[status]}`} />
      {t(`realtime.${status}`)}
    </p>
  );
}
