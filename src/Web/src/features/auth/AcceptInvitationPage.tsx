import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { acceptInvitation, isMfaChallenge, type MfaChallenge } from '../../auth/authApi';
import { useAuthSession } from '../../auth/AuthProvider';
import { acceptInvitationSchema, type AcceptInvitationValues } from './authSchemas';
import { applyServerErrors } from './formErrors';
import { NewPasswordFields } from './NewPasswordFields';
import { MfaStep } from './MfaStep';
import { FormErrors } from '../../components/FormErrors';
import { PersonNameFields } from './PersonNameFields';
import { AuthNotice } from './AuthNotice';

/** /accept-invitation?token=…: the invited user gives their name and a password, and is signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [accepted, setAccepted] = useState(false);
  const [challenge, setChallenge] = useState<MfaChallenge>();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AcceptInvitationValues>({
    resolver: zodResolver(acceptInvitationSchema),
    defaultValues: { first_name: '', last_name: '', password: '', confirm: '' },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const answer = await acceptInvitation({
        token,
        password: values.password,
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
      });
      if (isMfaChallenge(answer)) {
        setChallenge(answer); // an existing account with a second factor: its code completes the sign-in
        return;
      }
      // A session of whoever was signed in on this browser before is replaced by the new user's.
      session.signIn(answer);
      setAccepted(true);
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, { first_name: 'first_name', last_name: 'last_name', password: 'password' }),
      );
    }
  });

  if (accepted) return <Navigate to="/" replace />;

  if (challenge) {
    return (
      <>
        <PageHeader title={t('auth.mfa.title')} />
        <MfaStep
          challenge={challenge}
          onSignedIn={(tokens) => {
            session.signIn(tokens);
            setAccepted(true);
          }}
          onStartOver={() => setChallenge(undefined)}
        />
      </>
    );
  }

  if (!token) {
    return (
      <AuthNotice title={t('auth.invitation.title')} tone="error">
        {t('auth.invitation.missingToken')}
      </AuthNotice>
    );
  }

  return (
    <>
      <PageHeader title={t('auth.invitation.title')} description={t('auth.invitation.description')} />
      <p className="mb-5 text-sm text-slate-600">{t('auth.invitation.existingAccount')}</p>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        <PersonNameFields register={register} errors={errors} />
        <NewPasswordFields register={register} errors={errors} />
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? t('auth.invitation.submitting') : t('auth.invitation.submit')}
        </Button>
      </form>
    </>
  );
}
