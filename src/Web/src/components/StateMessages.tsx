import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoaderCircle } from 'lucide-react';
import { problemText } from '../api/problemDetails';
import { Alert } from './Alert';
import { Button } from './Button';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex items-center justify-center gap-3 py-16 text-sm text-slate-600">
      <LoaderCircle aria-hidden="true" className="size-5 animate-spin text-indigo-600" />
      {label ?? t('common.loading')}
    </div>
  );
}

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  description: string;
  action?: ReactNode;
}

export function EmptyState({ icon, title, description, action }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      <div className="mb-3 rounded-full bg-indigo-50 p-3 text-indigo-600">{icon}</div>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 max-w-md text-sm text-slate-600">{description}</p>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

interface ErrorStateProps {
  message: string;
  error: unknown;
  onRetry?: () => void;
}

/** A failed load: what failed, why (problem detail or a network hint) and a way to try again. */
export function ErrorState({ message, error, onRetry }: ErrorStateProps) {
  const { t } = useTranslation();
  const reason = problemText(t, error);
  return (
    <Alert
      tone="error"
      action={
        onRetry && (
          <Button variant="secondary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    >
      <p className="font-semibold">{message}</p>
      <p>{reason}</p>
    </Alert>
  );
}
