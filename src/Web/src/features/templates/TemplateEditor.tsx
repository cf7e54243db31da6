import { useEffect, useMemo, useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Plus, Trash2 } from 'lucide-react';
import { useReferenceData } from '../../api/referenceData';
import { ApiError, problemText } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { FormErrors } from '../../components/FormErrors';
import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { Tabs } from '../../components/Tabs';
import { useLocaleFormatters } from '../../i18n/format';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { languageOptions } from '../customers/referenceOptions';
import {
  TEMPLATE_KINDS,
  groupVariables,
  insertVariable,
  missingLanguages,
  newTemplateValues,
  parsePosition,
  templateFormValues,
  templateSchema,
  toTemplateInput,
  variantErrors,
  type TemplateFormValues,
  type TemplateInput,
  type TemplateView,
  type VariantField,
} from './templateEditor';
import { useCustomerChoices, useDraftPreview, useSaveTemplate, useTemplateVariables } from './templatesApi';

const PREVIEW_DELAY_MS = 500;

interface TemplateEditorProps {
  /** The template edited; none for a new one. */
  template?: TemplateView;
  onClose: () => void;
  /** After the first save of a new template. */
  onSaved?: (id: string) => void;
}

/** A template's name, kind, default language and one tab per language variant, with a variable picker and a live preview. */
export function TemplateEditor({ template, onClose, onSaved }: TemplateEditorProps) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const canWrite = usePermission('customers.write');
  const reference = useReferenceData();
  const save = useSaveTemplate();
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<TemplateFormValues>({
    resolver: zodResolver(templateSchema),
    defaultValues: template ? templateFormValues(template) : newTemplateValues(),
  });
  const variants = useFieldArray({ control, name: 'variants' });
  const watched = useWatch({ control });
  const languages = (watched.variants ?? []).map((variant) => variant?.language ?? '');
  const [selected, setSelected] = useState(0);
  const current = Math.min(selected, variants.fields.length - 1);
  const [newLanguage, setNewLanguage] = useState('');
  const focused = useRef<{ field: VariantField; element: HTMLInputElement | HTMLTextAreaElement } | null>(null);

  const allLanguages = reference.data?.languages ?? ['en', 'de', 'fr', 'es', 'zh'];
  const addable = languageOptions(missingLanguages(allLanguages, languages), format, i18n.language);

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setSaved(false);
    try {
      const result = await save.mutateAsync({ id: template?.id, body: toTemplateInput(values) });
      setSaved(true);
      if (!template) onSaved?.(result.id);
    } catch (error) {
      if (error instanceof ApiError) {
        for (const { index, field, message } of variantErrors(error.problem.errors)) {
          setError(`variants.${index}.${field}`, { type: 'server', message });
        }
      }
      setMessages(applyServerErrors(t, error, setError, { name: 'name', kind: 'kind', default_language: 'default_language', variants: 'variants' }));
    }
  });

  const addVariant = () => {
    if (!newLanguage) return;
    variants.append({ language: newLanguage, subject: '', body_html: '', body_text: '' });
    setSelected(variants.fields.length);
    setNewLanguage('');
  };

  const insert = (variable: string) => {
    const target = focused.current;
    const field = target?.field ?? 'body_text';
    const path = `variants.${current}.${field}` as const;
    const text = getValues(path) ?? '';
    const element = target?.element;
    const { text: next, caret } = insertVariable(text, element?.selectionStart ?? text.length, element?.selectionEnd ?? text.length, variable);
    setValue(path, next, { shouldDirty: true });
    if (element) {
      requestAnimationFrame(() => {
        element.focus();
        element.setSelectionRange(caret, caret);
      });
    }
  };

  const remember = (field: VariantField) => (event: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    focused.current = { field, element: event.target };
  };

  const variantError = (index: number, field: VariantField | 'language') => fieldErrorText(t, errors.variants?.[index]?.[field]);

  return (
    <>
      <PageHeader
        title={template ? t('templates.editTitle', { name: template.name }) : t('templates.newTitle')}
        actions={
          <Button variant="secondary" onClick={onClose}>
            <ArrowLeft aria-hidden="true" className="size-4" />
            {t('templates.back')}
          </Button>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <SectionCard title={t('templates.editor')}>
          <form onSubmit={submit} noValidate className="space-y-5">
            <FormErrors messages={messages} />
            {saved && <Alert tone="success">{t('templates.saved')}</Alert>}
            <div className="grid gap-x-6 gap-y-5 sm:grid-cols-3">
              <TextField {...register('name')} label={t('templates.name')} required className="sm:col-span-3" error={fieldErrorText(t, errors.name)} disabled={!canWrite} />
              <SelectField
                {...register('kind')}
                label={t('templates.kind')}
                options={TEMPLATE_KINDS.map((kind) => ({ value: kind, label: t(`templates.kinds.${kind}`) }))}
                error={fieldErrorText(t, errors.kind)}
                disabled={!canWrite}
              />
              <SelectField
                {...register('default_language')}
                label={t('templates.defaultLanguage')}
                hint={t('templates.defaultLanguageHint')}
                options={languages.filter(Boolean).map((code) => ({ value: code, label: format.languageName(code) }))}
                error={fieldErrorText(t, errors.default_language)}
                disabled={!canWrite}
              />
              {canWrite && (
                <div className="flex items-end gap-2 sm:col-span-3 sm:max-w-sm">
                  <SelectField
                    label={t('templates.addLanguage')}
                    placeholder={t('templates.chooseLanguage')}
                    options={addable}
                    value={newLanguage}
                    onChange={(event) => setNewLanguage(event.target.value)}
                    className="min-w-0 flex-1"
                  />
                  <Button variant="secondary" onClick={addVariant} disabled={!newLanguage} aria-label={t('templates.addVariant')}>
                    <Plus aria-hidden="true" className="size-4" />
                  </Button>
                </div>
              )}
            </div>
            {errors.variants?.message && <Alert tone="error">{fieldErrorText(t, errors.variants as never)}</Alert>}
            <Tabs
              label={t('templates.variants')}
              tabs={variants.fields.map((field, index) => ({
                key: field.id,
                label: format.languageName(languages[index] || field.language),
                badge: errors.variants?.[index] ? '!' : undefined,
              }))}
              selected={variants.fields[current]?.id ?? ''}
              onSelect={(key) => setSelected(variants.fields.findIndex((field) => field.id === key))}
            >
              {variants.fields.map((field, index) =>
                index !== current ? null : (
                  <div key={field.id} className="space-y-4 pt-4">
                    <TextField
                      {...register(`variants.${index}.subject`)}
                      onFocus={remember('subject')}
                      label={t('templates.subject')}
                      required
                      error={variantError(index, 'subject')}
                      disabled={!canWrite}
                    />
                    <TextAreaField
                      {...register(`variants.${index}.body_html`)}
                      onFocus={remember('body_html')}
                      label={t('templates.bodyHtml')}
                      rows={8}
                      error={variantError(index, 'body_html')}
                      disabled={!canWrite}
                    />
                    <TextAreaField
                      {...register(`variants.${index}.body_text`)}
                      onFocus={remember('body_text')}
                      label={t('templates.bodyText')}
                      rows={6}
                      error={variantError(index, 'body_text')}
                      disabled={!canWrite}
                    />
                    {canWrite && variants.fields.length > 1 && (
                      <Button variant="ghost" onClick={() => { variants.remove(index); setSelected(0); }}>
                        <Trash2 aria-hidden="true" className="size-4" />
                        {t('templates.removeVariant', { language: format.languageName(languages[index] ?? '') })}
                      </Button>
                    )}
                  </div>
                ),
              )}
            </Tabs>
            {canWrite && <VariablePicker onInsert={insert} />}
            {canWrite && (
              <div className="flex justify-end">
                <Button type="submit" disabled={isSubmitting}>
                  {isSubmitting ? t('common.saving') : t('templates.save')}
                </Button>
              </div>
            )}
          </form>
        </SectionCard>
        <PreviewPanel templateId={template?.id} values={watched as TemplateFormValues} languages={languages} />
      </div>
    </>
  );
}

function VariablePicker({ onInsert }: { onInsert: (variable: string) => void }) {
  const { t } = useTranslation();
  const variables = useTemplateVariables();
  const [choice, setChoice] = useState('');
  const groups = useMemo(() => groupVariables(variables.data ?? []), [variables.data]);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="min-w-0 flex-1 text-sm font-medium text-slate-800">
        {t('templates.variable')}
        <select
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          className="mt-1 block w-full rounded-md border-0 py-2 pl-3 pr-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
        >
          <option value="">{t('templates.chooseVariable')}</option>
          {groups.map(({ group, variables: members }) => (
            <optgroup key={group} label={group}>
              {members.map((variable) => (
                <option key={variable} value={variable}>
                  {variable}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <Button variant="secondary" disabled={!choice} onClick={() => onInsert(choice)}>
        {t('templates.insertVariable')}
      </Button>
    </div>
  );
}

/** The unsaved edits rendered for a chosen customer, a moment after typing stops. */
function PreviewPanel({ templateId, values, languages }: { templateId?: string; values: TemplateFormValues; languages: string[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const [search, setSearch] = useState('');
  const [customerId, setCustomerId] = useState('');
  const customers = useCustomerChoices(search);
  const serialized = JSON.stringify(values);
  const [draft, setDraft] = useState<TemplateInput>();

  useEffect(() => {
    const timer = setTimeout(() => setDraft(toTemplateInput(JSON.parse(serialized) as TemplateFormValues)), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [serialized]);

  useEffect(() => {
    if (!customerId && customers.data?.[0]) setCustomerId(customers.data[0].id);
  }, [customerId, customers.data]);

  const preview = useDraftPreview(templateId, customerId, draft);
  const problems = preview.error instanceof ApiError ? variantErrors(preview.error.problem.errors) : [];

  return (
    <SectionCard title={t('templates.preview')}>
      <div className="space-y-4">
        <TextField label={t('templates.findCustomer')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <SelectField
          label={t('templates.previewFor')}
          placeholder={t('templates.chooseCustomer')}
          options={(customers.data ?? []).map((customer) => ({
            value: customer.id,
            label: `${[customer.first_name, customer.last_name].filter(Boolean).join(' ') || customer.email} (${customer.language ? format.languageName(customer.language) : '–'})`,
          }))}
          value={customerId}
          onChange={(event) => setCustomerId(event.target.value)}
        />
        <div aria-live="polite" className="space-y-3">
          {!templateId ? (
            <p className="text-sm text-slate-600">{t('templates.saveToPreview')}</p>
          ) : !customerId ? (
            <p className="text-sm text-slate-600">{t('templates.chooseCustomer')}</p>
          ) : problems.length > 0 ? (
            <Alert tone="error">
              <p>{t('templates.parseErrors')}</p>
              <ul className="list-disc pl-5">
                {problems.map(({ index, field, message }) => {
                  const position = parsePosition(message);
                  const where = `${format.languageName(languages[index] ?? '')} · ${t(`templates.fields.${field}`)}`;
                  return (
                    <li key={`${index}-${field}`}>
                      {position ? t('templates.parseError', { where, line: position.line, column: position.column, reason: position.reason }) : `${where}: ${message}`}
                    </li>
                  );
                })}
              </ul>
            </Alert>
          ) : preview.error ? (
            <Alert tone="error">{problemText(t, preview.error)}</Alert>
          ) : preview.data ? (
            <>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-600">{t('templates.previewLanguage', { language: format.languageName(preview.data.language) })}</p>
              <p className="break-words text-sm font-semibold text-slate-900" data-testid="preview-subject">
                {preview.data.subject}
              </p>
              {preview.data.body_html && (
                <iframe title={t('templates.previewHtml')} sandbox="" srcDoc={preview.data.body_html} className="h-64 w-full rounded-md border border-slate-200 bg-white" />
              )}
              <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 text-sm text-slate-800">{preview.data.body_text}</pre>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t('compose.previewLoading')}</p>
          )}
        </div>
      </div>
    </SectionCard>
  );
}
