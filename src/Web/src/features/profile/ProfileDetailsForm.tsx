import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { useReferenceData } from '../../api/referenceData';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/FormFields';
import { SectionCard } from '../../components/SectionCard';
import type { Me } from '../../auth/authApi';
import { isSupportedLanguage, nativeLanguageName, SUPPORTED_LANGUAGES } from '../../i18n/languages';
import { includingValue, timezoneOptions } from '../customers/referenceOptions';
import { profileSchema, type ProfileValues } from '../auth/authSchemas';
import { applyServerErrors } from '../auth/formErrors';
import { useUpdateMe } from './profileApi';
import { FormErrors } from '../../components/FormErrors';
import { PersonNameFields } from '../auth/PersonNameFields';

/** The server's time zones; the browser's own list while those are not available. */
function useTimezones(): readonly string[] {
  const reference = useReferenceData();
  return useMemo(() => reference.data?.timezones ?? Intl.supportedValuesOf('timeZone'), [reference.data]);
}

/** Name, time zone and language. Saving a language also switches the UI to it. */
export function ProfileDetailsForm({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const updateMe = useUpdateMe();
  const timezones = useTimezones();
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: { first_name: me.first_name, last_name: me.last_name, timezone: me.timezone, language: me.language },
  });

  const timezoneChoices = useMemo(() => includingValue(timezoneOptions(timezones), me.timezone), [timezones, me.timezone]);
  const languageChoices = useMemo(
    () =>
      includingValue(
        SUPPORTED_LANGUAGES.map((language) => ({ value: language, label: nativeLanguageName(language) })),
        me.language,
      ),
    [me.language],
  );

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setSaved(false);
    try {
      const updated = await updateMe.mutateAsync({
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
        timezone: values.timezone,
        language: values.language,
        avatar_url: me.avatar_url,
      });
      setSaved(true);
      if (isSupportedLanguage(updated.language) && updated.language !== i18n.resolvedLanguage) {
        await i18n.changeLanguage(updated.language);
      }
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, {
          first_name: 'first_name',
          last_name: 'last_name',
          timezone: 'timezone',
          language: 'language',
        }),
      );
    }
  });

  return (
    <SectionCard title={t('profile.details.title')} description={t('profile.details.description', { email: me.email })}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        {saved && <Alert tone="success">{t('profile.details.saved')}</Alert>}
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
          <PersonNameFields register={register} errors={errors} />
          <SelectField {...register('timezone')} label={t('profile.details.timezone')} options={timezoneChoices} />
          <SelectField {...register('language')} label={t('profile.details.language')} options={languageChoices} />
        </div>
        <div className="flex justify-end">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('common.saving') : t('profile.details.save')}
          </Button>
        </div>
      </form>
    </SectionCard>
  );
}
