import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { useReferenceData } from '../../api/referenceData';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormErrors } from '../../components/FormErrors';
import { SelectField, TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { LoadingState } from '../../components/StateMessages';
import type { Workspace } from '../../auth/authApi';
import { useLocaleFormatters } from '../../i18n/format';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { currencyOptions, includingValue, timezoneOptions } from '../customers/referenceOptions';
import { useWorkspace } from '../team/teamApi';
import { usePatchWorkspace } from './workspaceSettingsApi';
import { workspaceSettingsSchema, type WorkspaceSettingsValues } from './workspaceSettingsSchema';

/** Settings → Workspace: the name everyone sees, its time zone and default currency (admins). */
export function WorkspaceSettingsPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  return (
    <>
      <PageHeader title={t('settings.sections.workspace.title')} description={t('settings.sections.workspace.description')} />
      {workspace.data ? <WorkspaceSettingsForm workspace={workspace.data} /> : <LoadingState />}
    </>
  );
}

function WorkspaceSettingsForm({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const reference = useReferenceData();
  const format = useLocaleFormatters();
  const patch = usePatchWorkspace();
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const initial = { name: workspace.name, timezone: workspace.timezone ?? 'UTC', currency: workspace.currency ?? 'EUR' };
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<WorkspaceSettingsValues>({ resolver: zodResolver(workspaceSettingsSchema), defaultValues: initial });

  const timezones = useMemo(
    () => includingValue(timezoneOptions(reference.data?.timezones ?? Intl.supportedValuesOf('timeZone')), initial.timezone),
    [reference.data, initial.timezone],
  );
  const currencies = useMemo(
    () => includingValue(currencyOptions(reference.data?.currencies ?? [initial.currency], format), initial.currency),
    [reference.data, format, initial.currency],
  );

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setSaved(false);
    try {
      await patch.mutateAsync({ name: values.name.trim(), timezone: values.timezone, currency: values.currency });
      setSaved(true);
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { name: 'name', timezone: 'timezone', currency: 'currency' }));
    }
  });

  return (
    <SectionCard title={t('workspaceSettings.title')} description={t('workspaceSettings.description')}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        {saved && <Alert tone="success">{t('workspaceSettings.saved')}</Alert>}
        <TextField
          {...register('name')}
          label={t('workspaceSettings.name')}
          autoComplete="organization"
          required
          error={fieldErrorText(t, errors.name)}
        />
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
          <SelectField
            {...register('timezone')}
            label={t('workspaceSettings.timezone')}
            hint={t('workspaceSettings.timezoneHint')}
            options={timezones}
            error={fieldErrorText(t, errors.timezone)}
          />
          <SelectField
            {...register('currency')}
            label={t('workspaceSettings.currency')}
            hint={t('workspaceSettings.currencyHint')}
            options={currencies}
            error={fieldErrorText(t, errors.currency)}
          />
        </div>
        <div className="flex justify-end">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('common.saving') : t('workspaceSettings.save')}
          </Button>
        </div>
      </form>
    </SectionCard>
  );
}
