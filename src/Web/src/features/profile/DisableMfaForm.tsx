import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { disableMfaSchema, type DisableMfaValues } from '../auth/authSchemas';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useDisableMfa } from './profileApi';
import { FormErrors } from '../../components/FormErrors';

/** Turning MFA off takes the password; the server refuses while the workspace requires MFA. */
export function DisableMfaForm() {
  const { t } = useTranslation();
  const disable = useDisableMfa();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<DisableMfaValues>({ resolver: zodResolver(disableMfaSchema), defaultValues: { password: '' } });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      await disable.mutateAsync(values.password);
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { password: 'password' }));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="max-w-xs space-y-4">
      <FormErrors messages={messages} />
      <TextField
        {...register('password')}
        label={t('profile.mfa.disablePassword')}
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrorText(t, errors.password)}
      />
      <Button type="submit" variant="danger" disabled={isSubmitting}>
        {isSubmitting ? t('common.saving') : t('profile.mfa.disable')}
      </Button>
    </form>
  );
}
