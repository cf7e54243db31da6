import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { SectionCard } from '../../components/SectionCard';
import { changePasswordSchema, type ChangePasswordValues } from '../auth/authSchemas';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { NewPasswordFields } from '../auth/NewPasswordFields';
import { useChangePassword } from './profileApi';
import { FormErrors } from '../../components/FormErrors';

const EMPTY: ChangePasswordValues = { current: '', password: '', confirm: '' };

/** Current password, new password twice. The server then signs out every other session. */
export function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const schema = useMemo(() => changePasswordSchema(email), [email]);
  const [messages, setMessages] = useState<string[]>([]);
  const [changed, setChanged] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ChangePasswordValues>({ resolver: zodResolver(schema), defaultValues: EMPTY });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setChanged(false);
    try {
      await change.mutateAsync({ current: values.current, next: values.password });
      reset(EMPTY);
      setChanged(true);
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, { current_password: 'current', new_password: 'password', password: 'password' }),
      );
    }
  });

  return (
    <SectionCard title={t('profile.password.title')} description={t('profile.password.description')}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        {changed && <Alert tone="success">{t('profile.password.changed')}</Alert>}
        {/* Lets password managers tie the new password to the account. */}
        <input type="email" value={email} autoComplete="username" readOnly hidden />
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
          <TextField
            {...register('current')}
            label={t('profile.password.current')}
            type="password"
            autoComplete="current-password"
            required
            className="sm:col-span-2"
            error={fieldErrorText(t, errors.current)}
          />
          <NewPasswordFields register={register} errors={errors} />
        </div>
        <div className="flex justify-end">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('common.saving') : t('profile.password.submit')}
          </Button>
        </div>
      </form>
    </SectionCard>
  );
}
