import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/FormFields';
import { fieldErrorText } from './formErrors';

interface PersonName {
  first_name: string;
  last_name: string;
}

interface PersonNameFieldsProps<Values extends PersonName> {
  register: UseFormRegister<Values>;
  errors: FieldErrors<PersonName>;
}

/** A team member's first and last name, as sign-up, accepting an invitation and the profile ask for them. */
export function PersonNameFields<Values extends PersonName>({ register, errors }: PersonNameFieldsProps<Values>) {
  const { t } = useTranslation();
  const reg = register as unknown as UseFormRegister<PersonName>;
  return (
    <>
      <TextField
        {...reg('first_name')}
        label={t('auth.fields.firstName')}
        autoComplete="given-name"
        required
        error={fieldErrorText(t, errors.first_name)}
      />
      <TextField
        {...reg('last_name')}
        label={t('auth.fields.lastName')}
        autoComplete="family-name"
        required
        error={fieldErrorText(t, errors.last_name)}
      />
    </>
  );
}
