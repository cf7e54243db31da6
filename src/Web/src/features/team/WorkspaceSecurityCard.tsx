import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { SectionCard } from '../../components/SectionCard';
import { LoadingState } from '../../components/StateMessages';
import { useUpdateWorkspace, useWorkspace } from './teamApi';

/** "Require MFA for everyone": saved as soon as it is switched. */
export function WorkspaceSecurityCard() {
  const { t } = useTranslation();
  const id = useId();
  const workspace = useWorkspace();
  const update = useUpdateWorkspace();
  const [failure, setFailure] = useState<string>();

  const toggle = async (requireMfa: boolean) => {
    if (!workspace.data) return;
    setFailure(undefined);
    try {
      await update.mutateAsync({ name: workspace.data.name, require_mfa: requireMfa });
    } catch (error) {
      setFailure(problemText(t, error));
    }
  };

  return (
    <SectionCard title={t('team.workspace.title')} description={workspace.data?.name}>
      {failure && (
        <div className="mb-4">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      {workspace.isPending ? (
        <LoadingState />
      ) : workspace.isError ? (
        <Alert tone="error">{t('team.workspace.loadError')}</Alert>
      ) : (
        <div className="flex items-start gap-3">
          <input
            id={id}
            type="checkbox"
            checked={workspace.data.require_mfa}
            disabled={update.isPending}
            onChange={(event) => void toggle(event.target.checked)}
            aria-describedby={`${id}-hint`}
            className="mt-0.5 size-4 rounded border-slate-400 accent-indigo-600"
          />
          <div>
            <label htmlFor={id} className="text-sm font-medium text-slate-900">
              {t('team.workspace.requireMfa')}
            </label>
            <p id={`${id}-hint`} className="text-sm text-slate-600">
              {t('team.workspace.requireMfaHint')}
            </p>
          </div>
        </div>
      )}
    </SectionCard>
  );
}
