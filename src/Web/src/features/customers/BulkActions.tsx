import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleSlash, Tag, Tags, Trash2, X } from 'lucide-react';
import type { BulkResult, CustomerStatus } from '../../api/client';
import { ApiError, problemToFieldErrors } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/FormFields';
import { buildBulkInput, type BulkCommand, type BulkTarget } from './bulkActions';
import { useBulkCustomers } from './customerApi';
import { CUSTOMER_STATUSES, parseTags } from './customerFormSchema';
import { FormErrors } from '../../components/FormErrors';

type DialogAction = BulkCommand['action'];

interface BulkActionBarProps {
  /** How many customers the action would touch. */
  count: number;
  target: BulkTarget;
  /** Shown when every row on screen is ticked but more customers match: offers "all N matching". */
  selectAllMatching?: { total: number; onSelect: () => void };
  onClearSelection: () => void;
  onDone: (result: BulkResult) => void;
}

export function BulkActionBar({ count, target, selectAllMatching, onClearSelection, onDone }: BulkActionBarProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState<DialogAction | null>(null);
  const summary =
    target.kind === 'filter' ? t('customers.selection.allMatching', { count }) : t('customers.selection.count', { count });

  return (
    <section
      aria-label={t('customers.bulk.label')}
      className="mb-4 flex flex-col gap-3 rounded-lg bg-indigo-50 px-4 py-3 ring-1 ring-indigo-200 lg:flex-row lg:items-center lg:justify-between"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <p role="status" className="font-semibold text-indigo-900">
          {summary}
        </p>
        {selectAllMatching && (
          <button
            type="button"
            onClick={selectAllMatching.onSelect}
            className="rounded font-medium text-indigo-700 underline hover:text-indigo-900"
          >
            {t('customers.selection.selectAllMatching', { count: selectAllMatching.total })}
          </button>
        )}
        <button
          type="button"
          onClick={onClearSelection}
          className="inline-flex items-center gap-1 rounded font-medium text-slate-700 hover:text-slate-900"
        >
          <X aria-hidden="true" className="size-4" />
          {t('customers.selection.clear')}
        </button>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => setAction('add_tags')}>
          <Tag aria-hidden="true" className="size-4" />
          {t('customers.bulk.add_tags')}
        </Button>
        <Button variant="secondary" onClick={() => setAction('remove_tags')}>
          <Tags aria-hidden="true" className="size-4" />
          {t('customers.bulk.remove_tags')}
        </Button>
        <Button variant="secondary" onClick={() => setAction('set_status')}>
          <CircleSlash aria-hidden="true" className="size-4" />
          {t('customers.bulk.set_status')}
        </Button>
        <Button variant="danger" onClick={() => setAction('delete')}>
          <Trash2 aria-hidden="true" className="size-4" />
          {t('customers.bulk.delete')}
        </Button>
      </div>
      {action && (
        <BulkDialog
          action={action}
          count={count}
          target={target}
          onClose={() => setAction(null)}
          onDone={(result) => {
            setAction(null);
            onDone(result);
          }}
        />
      )}
    </section>
  );
}

interface BulkDialogProps {
  action: DialogAction;
  count: number;
  target: BulkTarget;
  onClose: () => void;
  onDone: (result: BulkResult) => void;
}

function BulkDialog({ action, count, target, onClose, onDone }: BulkDialogProps) {
  const { t } = useTranslation();
  const bulk = useBulkCustomers();
  const [tagText, setTagText] = useState('');
  const [status, setStatus] = useState<CustomerStatus>('active');
  const [fieldError, setFieldError] = useState<string>();
  const [messages, setMessages] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(undefined);
    setMessages([]);
    let command: BulkCommand;
    if (action === 'add_tags' || action === 'remove_tags') {
      const tags = parseTags(tagText);
      if (tags.length === 0) {
        setFieldError(t('validation.required'));
        return;
      }
      command = { action, tags };
    } else if (action === 'set_status') {
      command = { action, status };
    } else {
      command = { action: 'delete' };
    }
    try {
      onDone(await bulk.mutateAsync(buildBulkInput(command, target)));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setMessages([t('common.networkError')]);
        return;
      }
      const { fieldErrors, generalMessages } = problemToFieldErrors(error.problem, ['tags', 'status'] as const);
      if (fieldErrors[0]) setFieldError(fieldErrors[0].message);
      setMessages(generalMessages.length > 0 || fieldErrors.length > 0 ? generalMessages : [t('common.unexpectedError')]);
    }
  };

  const isDelete = action === 'delete';
  return (
    <Dialog
      open
      title={t(`customers.bulk.titles.${action}`)}
      description={
        isDelete
          ? `${t('customers.bulk.affected', { count })} ${t('customers.bulk.deleteWarning')}`
          : t('customers.bulk.affected', { count })
      }
      onClose={onClose}
    >
      <form onSubmit={(event) => void submit(event)} noValidate className="space-y-4">
        <FormErrors messages={messages} />
        {(action === 'add_tags' || action === 'remove_tags') && (
          <TextField
            label={t('customers.bulk.tagsLabel')}
            hint={t('customers.form.hints.tags')}
            value={tagText}
            onChange={(event) => setTagText(event.target.value)}
            error={fieldError}
            required
            autoFocus
          />
        )}
        {action === 'set_status' && (
          <SelectField
            label={t('customers.form.fields.status')}
            options={CUSTOMER_STATUSES.map((value) => ({ value, label: t(`customers.status.${value}`) }))}
            value={status}
            onChange={(event) => setStatus(event.target.value as CustomerStatus)}
            error={fieldError}
            autoFocus
          />
        )}
        <div className="flex justify-end gap-3 pt-2">
          <Button variant="secondary" onClick={onClose} autoFocus={isDelete}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant={isDelete ? 'danger' : 'primary'} disabled={bulk.isPending}>
            {bulk.isPending ? t('customers.bulk.working') : t(`customers.bulk.confirm.${action}`)}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a bulk action did: how many matched and changed, and why the others did not. */
export function BulkResultMessage({ result, onDismiss }: { result: BulkResult; onDismiss: () => void }) {
  const { t } = useTranslation();
  const failed = result.failures.length;
  return (
    <div className="mb-4">
      <Alert
        tone={failed > 0 ? 'error' : 'success'}
        action={
          <Button variant="ghost" onClick={onDismiss} aria-label={t('common.dismiss')}>
            <X aria-hidden="true" className="size-4" />
          </Button>
        }
      >
        <p className="font-semibold">
          {t('customers.bulk.result', { matched: result.matched, succeeded: result.succeeded, failed })}
        </p>
        {failed > 0 && (
          <ul className="list-disc pl-5">
            {result.failures.slice(0, 20).map((failure) => (
              <li key={failure.id}>
                <span className="font-mono text-xs">{failure.id}</span>: {failure.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    </div>
  );
}
