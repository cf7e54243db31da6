import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ShieldCheck, ShieldOff } from 'lucide-react';
import { Badge } from '../../components/Badge';
import { SectionCard } from '../../components/SectionCard';
import type { Me } from '../../auth/authApi';
import { DisableMfaForm } from './DisableMfaForm';
import { MfaSetupPanel } from './MfaSetupPanel';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

/** Two-factor authentication: set it up, see the recovery codes once, or turn it off. */
export function MfaSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  // Kept here, not derived from `me`: the codes stay up after `me` reloads with mfa_enabled = true.
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();

  return (
    <SectionCard
      title={t('profile.mfa.title')}
      description={t('profile.mfa.description')}
      actions={
        me.mfa_enabled ? (
          <Badge tone="green" icon={<ShieldCheck aria-hidden="true" className="size-3.5" />}>
            {t('profile.mfa.on')}
          </Badge>
        ) : (
          <Badge tone="slate" icon={<ShieldOff aria-hidden="true" className="size-3.5" />}>
            {t('profile.mfa.off')}
          </Badge>
        )
      }
    >
      {recoveryCodes ? (
        <RecoveryCodesPanel codes={recoveryCodes} onDone={() => setRecoveryCodes(undefined)} />
      ) : !me.mfa_enabled ? (
        <MfaSetupPanel onEnabled={setRecoveryCodes} />
      ) : me.workspace.require_mfa ? (
        <p className="text-sm text-slate-600">{t('profile.mfa.requiredByWorkspace')}</p>
      ) : (
        <DisableMfaForm />
      )}
    </SectionCard>
  );
}
