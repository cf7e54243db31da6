import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FileText, Pencil, Plus } from 'lucide-react';
import { usePermission } from '../../auth/usePermission';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { TemplateEditor } from './TemplateEditor';
import { useTemplate, useTemplates } from './templatesApi';

/** Settings → Templates: the workspace's email and response templates; ?edit=new or ?edit={id} opens the editor. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const editing = params.get('edit');
  const close = () => setParams({}, { replace: true });

  if (editing) return editing === 'new' ? <TemplateEditor onClose={close} onSaved={(id) => setParams({ edit: id }, { replace: true })} /> : <EditExisting id={editing} onClose={close} />;
  return (
    <>
      <PageHeader title={t('settings.sections.templates.title')} description={t('settings.sections.templates.description')} actions={<NewButton onClick={() => setParams({ edit: 'new' })} />} />
      <TemplateList onEdit={(id) => setParams({ edit: id })} onNew={() => setParams({ edit: 'new' })} />
    </>
  );
}

function NewButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  if (!usePermission('customers.write')) return null;
  return (
    <Button onClick={onClick}>
      <Plus aria-hidden="true" className="size-4" />
      {t('templates.new')}
    </Button>
  );
}

function EditExisting({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const template = useTemplate(id);
  if (template.isPending) return <LoadingState />;
  if (template.error) return <ErrorState message={t('templates.loadError')} error={template.error} onRetry={() => void template.refetch()} />;
  return <TemplateEditor key={template.data.id} template={template.data} onClose={onClose} />;
}

function TemplateList({ onEdit, onNew }: { onEdit: (id: string) => void; onNew: () => void }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const templates = useTemplates();
  const canWrite = usePermission('customers.write');
  if (templates.isPending) return <LoadingState />;
  if (templates.error) return <ErrorState message={t('templates.loadError')} error={templates.error} onRetry={() => void templates.refetch()} />;
  if (templates.data.length === 0)
    return (
      <EmptyState
        icon={<FileText aria-hidden="true" className="size-6" />}
        title={t('templates.emptyTitle')}
        description={t('templates.emptyDescription')}
        action={canWrite ? <NewButton onClick={onNew} /> : undefined}
      />
    );
  return (
    <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {templates.data.map((template) => (
        <li key={template.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="min-w-0">
            <p className="break-words text-sm font-semibold text-slate-900">{template.name}</p>
            <p className="text-xs text-slate-600">
              {t(`templates.kinds.${template.kind === 'response' ? 'response' : 'email'}`)} ·{' '}
              {template.variants.map((variant) => format.languageName(variant.language)).join(', ')} · {t('templates.updated', { when: format.dateTime(template.updated_at) })}
            </p>
          </div>
          <Button variant="secondary" onClick={() => onEdit(template.id)} aria-label={t('templates.editNamed', { name: template.name })}>
            <Pencil aria-hidden="true" className="size-4" />
            {t(canWrite ? 'templates.edit' : 'templates.view')}
          </Button>
        </li>
      ))}
    </ul>
  );
}
