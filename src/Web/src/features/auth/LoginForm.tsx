import { useState } from 'react';
import { Link } from 'react-router';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { isMfaChallenge, login, type MfaChallenge, type Tokens } from '../../auth/authApi';
import { loginSchema, type LoginValues } from './authSchemas';
import { fieldErrorText } from './formErrors';
import { formatWait, lockedUntil, useSecondsLeft } from './lockout';

interface LoginFormProps {
  onSignedIn: (tokens: Tokens) => void;
  onMfaRequired: (challenge: MfaChallenge) => void;
}

/** Email and password. A wrong pair gets one message for both (the server does not say which). */
export function LoginForm({ onSignedIn, onMfaRequired }: LoginFormProps) {
  const { t, i18n } = useTranslation();
  const [failure, setFailure] = useState<string>();
  const [lockedUntilMs, setLockedUntilMs] = useState<number>();
  const secondsLeft = useSecondsLeft(lockedUntilMs);
  const locked = secondsLeft > 0;

  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { email: '', password: '' } });

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    setLockedUntilMs(undefined);
    try {
      const answer = await login(values.email.trim(), values.password);
      if (isMfaChallenge(answer)) onMfaRequired(answer);
      else onSignedIn(answer);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        setLockedUntilMs(lockedUntil(error));
      } else if (error instanceof ApiError && error.status === 401) {
        setFailure(t('auth.login.invalid'));
      } else if (error instanceof ApiError) {
        setFailure(error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'));
      } else {
        setFailure(t('common.networkError'));
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {failure && <Alert tone="error">{failure}</Alert>}
      {locked && (
        <Alert tone="error">
          {t('auth.login.lockedOut', { wait: formatWait(secondsLeft, i18n.resolvedLanguage ?? i18n.language) })}
        </Alert>
      )}
      <TextField
        {...register('email')}
        label={t('auth.fields.email')}
        type="email"
        autoComplete="username"
        required
        error={fieldErrorText(t, errors.email)}
      />
      <TextField
        {...register('password')}
        label={t('auth.fields.password')}
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrorText(t, errors.password)}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting || locked}>
        {isSubmitting ? t('auth.login.submitting') : t('auth.login.submit')}
      </Button>
      <p className="text-center text-sm">
        <Link to="/forgot-password" className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
          {t('auth.login.forgot')}
        </Link>
      </p>
    </form>
  );
}
