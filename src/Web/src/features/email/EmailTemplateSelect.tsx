import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/FormFields';
import { useEmailTemplates } from './emailApi';

/** The email template picker shared by the compose dialog and the bulk send dialog. */
export function EmailTemplateSelect({ value, onChange, error }: { value: string; onChange: (templateId: string) => void; error?: string }) {
  const { t } = useTranslation();
  const templates = useEmailTemplates(true);
  return (
    <SelectField
      label={t('compose.template')}
      required
      placeholder={t('compose.chooseTemplate')}
      options={(templates.data ?? []).map((template) => ({ value: template.id, label: template.name }))}
      value={value}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      error={error}
    />
  );
}
