import type { ReactNode } from 'react';

export type BadgeTone = 'green' | 'slate' | 'amber' | 'red' | 'blue' | 'indigo' | 'violet' | 'orange';

// -800 text on -100 backgrounds keeps every badge above the 4.5:1 contrast ratio.
const tones: Record<BadgeTone, string> = {
  green: 'bg-emerald-100 text-emerald-800',
  slate: 'bg-slate-100 text-slate-700',
  amber: 'bg-amber-100 text-amber-800',
  red: 'bg-red-100 text-red-800',
  blue: 'bg-sky-100 text-sky-800',
  indigo: 'bg-indigo-100 text-indigo-800',
  violet: 'bg-violet-100 text-violet-800',
  orange: 'bg-orange-100 text-orange-800',
};

/** A status pill: always text (colour is never the only signal), optionally with an icon. */
export function Badge({ tone, icon, children }: { tone: BadgeTone; icon?: ReactNode; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ${tones[tone]}`}
    >
      {icon}
      {children}
    </span>
  );
}
