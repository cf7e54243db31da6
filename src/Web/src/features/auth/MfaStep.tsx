import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { verifyMfa, type MfaChallenge, type Tokens } from '../../auth/authApi';
import { mfaCodeSchema, type MfaCodeValues } from './authSchemas';
import { fieldErrorText } from './formErrors';
import { formatWait, lockedUntil, useSecondsLeft } from './lockout';

interface MfaStepProps {
  challenge: MfaChallenge;
  onSignedIn: (tokens: Tokens) => void;
  /** Back to email and password (e.g. when the challenge has expired). */
  onStartOver: () => void;
}

/** The second sign-in step: a 6-digit code from the authenticator app, or a recovery code. */
export function MfaStep({ challenge, onSignedIn, onStartOver }: MfaStepProps) {
  const { t, i18n } = useTranslation();
  const [failure, setFailure] = useState<string>();
  const [lockedUntilMs, setLockedUntilMs] = useState<number>();
  const secondsLeft = useSecondsLeft(lockedUntilMs);

  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<MfaCodeValues>({ resolver: zodResolver(mfaCodeSchema), defaultValues: { code: '' } });

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      onSignedIn(await verifyMfa(challenge.mfa_token, mfaCodeSchema.parse(values).code));
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        setLockedUntilMs(lockedUntil(error));
      } else if (error instanceof ApiError && error.status === 401) {
        setFailure(t('auth.mfa.invalid'));
        setFocus('code', { shouldSelect: true });
      } else if (error instanceof ApiError) {
        setFailure(error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'));
      } else {
        setFailure(t('common.networkError'));
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <p className="text-sm text-slate-600">{t('auth.mfa.description')}</p>
      {failure && <Alert tone="error">{failure}</Alert>}
      {secondsLeft > 0 && (
        <Alert tone="error">
          {t('auth.login.lockedOut', { wait: formatWait(secondsLeft, i18n.resolvedLanguage ?? i18n.language) })}
        </Alert>
      )}
      <TextField
        {...register('code')}
        label={t('auth.mfa.code')}
        hint={t('auth.mfa.codeHint')}
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        required
        autoFocus
        error={fieldErrorText(t, errors.code)}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting || secondsLeft > 0}>
        {isSubmitting ? t('auth.mfa.submitting') : t('auth.mfa.submit')}
      </Button>
      <p className="text-center text-sm">
        <button type="button" onClick={onStartOver} className="rounded font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
          {t('auth.mfa.startOver')}
        </button>
      </p>
    </form>
  );
}
