import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { LoadingState } from '../../components/StateMessages';
import { useMe } from '../../auth/useMe';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MfaSection } from './MfaSection';
import { ProfileDetailsForm } from './ProfileDetailsForm';
import { SessionsSection } from './SessionsSection';

/** /settings/profile: the signed-in user's details, password, MFA and sessions. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();

  if (!me.data) {
    return (
      <>
        <PageHeader title={t('settings.sections.profile.title')} />
        <LoadingState />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('settings.sections.profile.title')} description={t('settings.sections.profile.description')} />
      <div className="space-y-6">
        {me.data.mfa_setup_required && (
          <Alert tone="error">
            <p className="font-semibold">{t('profile.mfa.requiredTitle')}</p>
            <p>{t('profile.mfa.requiredText', { workspace: me.data.workspace.name })}</p>
          </Alert>
        )}
        {me.data.mfa_setup_required ? (
          <>
            <MfaSection me={me.data} />
            <ProfileDetailsForm me={me.data} />
          </>
        ) : (
          <>
            <ProfileDetailsForm me={me.data} />
            <MfaSection me={me.data} />
          </>
        )}
        <ChangePasswordForm email={me.data.email} />
        <SessionsSection />
      </div>
    </>
  );
}
