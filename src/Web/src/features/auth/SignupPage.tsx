import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { FormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { signup } from '../../auth/authApi';
import { useAuthSession, useAuthState } from '../../auth/AuthProvider';
import { signupSchema, type SignupValues } from './authSchemas';
import { applyServerErrors, fieldErrorText } from './formErrors';
import { NewPasswordFields } from './NewPasswordFields';
import { useAuthOptions } from './useAuthOptions';
import { PersonNameFields } from './PersonNameFields';
import { AuthNotice } from './AuthNotice';

/** /signup: a new workspace and its first admin, signed in straight away. Only when the server takes sign-ups. */
export function SignupPage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const authState = useAuthState();
  const options = useAuthOptions();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignupValues>({
    resolver: zodResolver(signupSchema),
    defaultValues: { workspace_name: '', first_name: '', last_name: '', email: '', password: '', confirm: '' },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      session.signIn(
        await signup({
          workspace_name: values.workspace_name.trim(),
          first_name: values.first_name.trim(),
          last_name: values.last_name.trim(),
          email: values.email.trim(),
          password: values.password,
        }),
      );
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, {
          workspace_name: 'workspace_name',
          first_name: 'first_name',
          last_name: 'last_name',
          email: 'email',
          password: 'password',
        }),
      );
    }
  });

  if (authState.status === 'signedIn') return <Navigate to="/" replace />;

  if (options.data && !options.data.signup_enabled) {
    return (
      <AuthNotice title={t('auth.signup.title')} tone="info">
        {t('auth.signup.disabled')}
      </AuthNotice>
    );
  }

  return (
    <>
      <PageHeader title={t('auth.signup.title')} description={t('auth.signup.description')} />
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        <TextField
          {...register('workspace_name')}
          label={t('auth.signup.workspaceName')}
          hint={t('auth.signup.workspaceNameHint')}
          autoComplete="organization"
          required
          error={fieldErrorText(t, errors.workspace_name)}
        />
        <div className="grid gap-x-4 gap-y-5 sm:grid-cols-2">
          <PersonNameFields register={register} errors={errors} />
        </div>
        <TextField
          {...register('email')}
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          required
          error={fieldErrorText(t, errors.email)}
        />
        <NewPasswordFields register={register} errors={errors} />
        <Button type="submit" className="w-full" disabled={isSubmitting}>
          {isSubmitting ? t('auth.signup.submitting') : t('auth.signup.submit')}
        </Button>
        <p className="text-center text-sm text-slate-600">
          {t('auth.signup.haveAccount')}{' '}
          <Link to="/login" className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
            {t('auth.signup.signIn')}
          </Link>
        </p>
      </form>
    </>
  );
}
