import type { ReactNode } from 'react';
import { CircleAlert, CircleCheck, Info } from 'lucide-react';

interface AlertProps {
  tone: 'error' | 'success' | 'info';
  children: ReactNode;
  action?: ReactNode;
}

const tones = {
  error: { box: 'border-red-200 bg-red-50 text-red-800', Icon: CircleAlert, role: 'alert' },
  success: { box: 'border-emerald-200 bg-emerald-50 text-emerald-800', Icon: CircleCheck, role: 'status' },
  info: { box: 'border-sky-200 bg-sky-50 text-sky-900', Icon: Info, role: 'status' },
} as const;

export function Alert({ tone, children, action }: AlertProps) {
  const { box, Icon, role } = tones[tone];
  return (
    <div role={role} className={`flex items-start gap-3 rounded-md border p-4 text-sm ${box}`}>
      <Icon aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
      <div className="flex-1 space-y-1">{children}</div>
      {action}
    </div>
  );
}
