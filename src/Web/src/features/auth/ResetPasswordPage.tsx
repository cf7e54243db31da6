import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { confirmPasswordReset } from '../../auth/authApi';
import { resetPasswordSchema, type ResetPasswordValues } from './authSchemas';
import { BackToLoginLink } from './BackToLoginLink';
import { applyServerErrors } from './formErrors';
import { NewPasswordFields } from './NewPasswordFields';

/** /reset-password?token=…: the link from the reset mail; sets a new password. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResetPasswordValues>({ resolver: zodResolver(resetPasswordSchema), defaultValues: { password: '', confirm: '' } });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      await confirmPasswordReset(token, values.password);
      setDone(true);
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { new_password: 'password', password: 'password' }));
    }
  });

  if (!token) {
    return (
      <>
        <PageHeader title={t('auth.reset.title')} />
        <Alert tone="error">{t('auth.reset.missingToken')}</Alert>
        <p className="mt-5">
          <Link to="/forgot-password" className={buttonClasses('secondary', 'w-full')}>
            {t('auth.reset.requestNew')}
          </Link>
        </p>
        <BackToLoginLink />
      </>
    );
  }

  if (done) {
    return (
      <>
        <PageHeader title={t('auth.reset.title')} />
        <Alert tone="success">{t('auth.reset.done')}</Alert>
        <p className="mt-5">
          <Link to="/login" className={buttonClasses('primary', 'w-full')}>
            {t('auth.login.submit')}
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('auth.reset.title')} description={t('auth.reset.description')} />
      <form onSubmit={submit} noValidate className="space-y-5">
        {messages.length > 0 && (
          <Alert tone="error">
            {messages.map((message) => (
              <p key={message}>{message}</p>
            ))}
            <p>
              <Link to="/forgot-password" className="font-medium underline">
                {t('auth.reset.requestNew')}
              </Link>
            </p>
          </Alert>
        )}
        <NewPasswordFields register={register} errors={errors} />
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? t('auth.reset.submitting') : t('auth.reset.submit')}
        </Button>
      </form>
      <BackToLoginLink />
    </>
  );
}
