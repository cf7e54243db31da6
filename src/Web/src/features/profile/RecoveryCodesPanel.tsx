import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';

interface RecoveryCodesPanelProps {
  codes: readonly string[];
  onDone: () => void;
}

/** The recovery codes, shown once right after MFA is turned on. */
export function RecoveryCodesPanel({ codes, onDone }: RecoveryCodesPanelProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <Alert tone="success">{t('profile.mfa.enabledNow')}</Alert>
      <div>
        <h3 className="text-sm font-semibold text-slate-900">{t('profile.mfa.recoveryTitle')}</h3>
        <p className="mt-1 text-sm text-slate-600">{t('profile.mfa.recoveryDescription')}</p>
      </div>
      <ol aria-label={t('profile.mfa.recoveryTitle')} className="grid max-w-md grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm text-slate-900 ring-1 ring-slate-200">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={codes.join('\n')} label={t('profile.mfa.copyCodes')} />
        <Button onClick={onDone}>{t('profile.mfa.savedCodes')}</Button>
      </div>
    </div>
  );
}
