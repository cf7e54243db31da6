import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useForm, type FieldError } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { ReferenceData } from '../../api/client';
import { ApiError, problemToFieldErrors } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { SelectField, TextField } from '../../components/FormFields';
import { useLocaleFormatters } from '../../i18n/format';
import {
  CUSTOMER_FORM_FIELDS,
  customerFormSchema,
  MAX_LENGTHS,
  type CustomerFormField,
  type CustomerFormValues,
  type ValidationMessageKey,
} from './customerFormSchema';
import { countryOptions, currencyOptions, includingValue, languageOptions, timezoneOptions } from './referenceOptions';

interface CustomerFormProps {
  defaultValues: CustomerFormValues;
  reference: ReferenceData;
  submitLabel: string;
  /** Saves the values; an ApiError it throws is shown on the matching fields. */
  onSubmit: (values: CustomerFormValues) => Promise<unknown>;
  /** Extra actions at the start of the button row, e.g. delete on the edit page. */
  secondaryActions?: ReactNode;
  /** Where Cancel goes (the list, or the customer's page when editing). */
  cancelTo?: string;
}

export function CustomerForm({
  defaultValues,
  reference,
  submitLabel,
  onSubmit,
  secondaryActions,
  cancelTo = '/customers',
}: CustomerFormProps) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const [formMessages, setFormMessages] = useState<string[]>([]);

  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CustomerFormValues>({ resolver: zodResolver(customerFormSchema), defaultValues });

  const options = useMemo(
    () => ({
      countries: includingValue(countryOptions(reference.countries, format, locale), defaultValues.country_code),
      languages: includingValue(languageOptions(reference.languages, format, locale), defaultValues.language),
      currencies: includingValue(currencyOptions(reference.currencies, format), defaultValues.currency),
      timezones: includingValue(timezoneOptions(reference.timezones), defaultValues.timezone),
      statuses: reference.statuses.map((status) => ({ value: status, label: t(`customers.status.${status}`) })),
    }),
    [reference, format, locale, t, defaultValues],
  );

  /** Our own messages are i18n keys; the server's arrive already worded and are shown as sent. */
  const errorText = (field: CustomerFormField): string | undefined => {
    const error: FieldError | undefined = errors[field];
    if (!error?.message) return undefined;
    if (error.type === 'server') return error.message;
    const max = field in MAX_LENGTHS ? MAX_LENGTHS[field as keyof typeof MAX_LENGTHS] : undefined;
    return t(error.message as ValidationMessageKey, { max });
  };

  const showServerErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setFormMessages([t('common.networkError')]);
      return;
    }
    const { fieldErrors, generalMessages } = problemToFieldErrors(error.problem, CUSTOMER_FORM_FIELDS);
    fieldErrors.forEach(({ field, message }, index) =>
      setError(field, { type: 'server', message }, { shouldFocus: index === 0 }),
    );
    const nothingToShow = fieldErrors.length === 0 && generalMessages.length === 0;
    setFormMessages(nothingToShow ? [t('common.unexpectedError')] : generalMessages);
  };

  const submit = handleSubmit(async (values) => {
    setFormMessages([]);
    try {
      await onSubmit(values);
    } catch (error) {
      showServerErrors(error);
    }
  });

  const field = (name: CustomerFormField) => ({
    ...register(name),
    label: t(`customers.form.fields.${name}`),
    error: errorText(name),
  });

  return (
    <form onSubmit={submit} noValidate className="max-w-4xl space-y-6">
      {formMessages.length > 0 && (
        <Alert tone="error">
          {formMessages.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </Alert>
      )}

      <p className="text-sm text-slate-600">{t('customers.form.requiredNote')}</p>

      <FormSection legend={t('customers.form.sections.contact')}>
        <TextField {...field('first_name')} required autoComplete="given-name" />
        <TextField {...field('last_name')} required autoComplete="family-name" />
        <TextField {...field('email')} required type="email" autoComplete="email" />
        <TextField {...field('phone')} type="tel" autoComplete="tel" hint={t('customers.form.hints.phone')} />
        <TextField {...field('company_name')} autoComplete="organization" className="sm:col-span-2" />
      </FormSection>

      <FormSection legend={t('customers.form.sections.address')}>
        <SelectField
          {...field('country_code')}
          required
          options={options.countries}
          placeholder={t('customers.form.selectCountry')}
        />
        <TextField {...field('region')} autoComplete="address-level1" />
        <TextField {...field('city')} autoComplete="address-level2" />
        <TextField {...field('postal_code')} autoComplete="postal-code" />
      </FormSection>

      <FormSection legend={t('customers.form.sections.preferences')}>
        <SelectField {...field('timezone')} options={options.timezones} />
        <SelectField {...field('language')} options={options.languages} />
        <SelectField {...field('currency')} options={options.currencies} />
        <SelectField {...field('status')} options={options.statuses} />
        <TextField {...field('tags')} hint={t('customers.form.hints.tags')} className="sm:col-span-2" />
      </FormSection>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>{secondaryActions}</div>
        <div className="flex flex-col-reverse gap-3 sm:flex-row">
          <Link to={cancelTo} className={buttonClasses('secondary')}>
            {t('common.cancel')}
          </Link>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('customers.form.saving') : submitLabel}
          </Button>
        </div>
      </div>
    </form>
  );
}

function FormSection({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
      <legend className="float-left mb-4 w-full text-base font-semibold text-slate-900">{legend}</legend>
      <div className="clear-both grid gap-x-6 gap-y-5 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}
