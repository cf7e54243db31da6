import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/FormFields';
import { fieldErrorText } from './formErrors';
import { validationValues } from './authSchemas';

interface PasswordPair {
  password: string;
  confirm: string;
}

interface NewPasswordFieldsProps<Values extends PasswordPair> {
  register: UseFormRegister<Values>;
  errors: FieldErrors<PasswordPair>;
}

/** "New password" with the policy as its hint, and "Repeat the new password". */
export function NewPasswordFields<Values extends PasswordPair>({ register, errors }: NewPasswordFieldsProps<Values>) {
  const { t } = useTranslation();
  const reg = register as unknown as UseFormRegister<PasswordPair>;
  return (
    <>
      <TextField
        {...reg('password')}
        label={t('auth.fields.newPassword')}
        hint={t('auth.passwordPolicy', validationValues)}
        type="password"
        autoComplete="new-password"
        required
        error={fieldErrorText(t, errors.password)}
      />
      <TextField
        {...reg('confirm')}
        label={t('auth.fields.confirmPassword')}
        type="password"
        autoComplete="new-password"
        required
        error={fieldErrorText(t, errors.confirm)}
      />
    </>
  );
}
