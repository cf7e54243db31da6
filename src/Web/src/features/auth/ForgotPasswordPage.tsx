import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { requestPasswordReset } from '../../auth/authApi';
import { forgotPasswordSchema, type ForgotPasswordValues } from './authSchemas';
import { BackToLoginLink } from './BackToLoginLink';
import { fieldErrorText } from './formErrors';

/**
 * /forgot-password: asks for a reset link. The answer never says whether the address has an
 * account (the server answers 202 either way), so neither does the page.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string>();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<ForgotPasswordValues>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: '' } });

  const submit = handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      await requestPasswordReset(values.email.trim());
      setSent(true);
    } catch (error) {
      setFailure(
        error instanceof ApiError
          ? (error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'))
          : t('common.networkError'),
      );
    }
  });

  return (
    <>
      <PageHeader title={t('auth.forgot.title')} description={sent ? undefined : t('auth.forgot.description')} />
      {sent ? (
        <Alert tone="success">{t('auth.forgot.sent')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-5">
          {failure && <Alert tone="error">{failure}</Alert>}
          <TextField
            {...register('email')}
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            error={fieldErrorText(t, errors.email)}
          />
          <Button type="submit" className="w-full" disabled={isSubmitting}>
            {isSubmitting ? t('auth.forgot.submitting') : t('auth.forgot.submit')}
          </Button>
        </form>
      )}
      <BackToLoginLink />
    </>
  );
}
