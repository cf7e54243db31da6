import { useEffect, useId, useMemo, useState } from 'react';
import { Controller, useForm, useWatch, type FieldError, type UseFormRegisterReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ListTodo, MessageSquarePlus, Phone, StickyNote, Users, type LucideIcon } from 'lucide-react';
import { ApiError } from '../../api/problemDetails';
import { useMe } from '../../auth/useMe';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button, type ButtonVariant } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { LocalDateTimeField } from '../../components/LocalDateTimeField';
import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { applyServerErrors } from '../auth/formErrors';
import { useUsers } from '../team/teamApi';
import { createCustomerActivity, uploadAttachment, useActivityLogged, type Activity } from './activityComposerApi';
import {
  chosenFile,
  COMPOSER_SERVER_FIELDS,
  COMPOSER_TYPES,
  composerSchema,
  DESCRIPTION_MAX,
  DIRECTIONS,
  emptyComposer,
  SUBJECT_MAX,
  toActivityInput,
  type ComposerField,
  type ComposerMessageKey,
  type ComposerType,
  type ComposerValues,
} from './composerSchema';
import { useTypingSignal } from './typingSignal';

const TYPE_ICONS: Record<ComposerType, LucideIcon> = { note: StickyNote, call: Phone, meeting: Users, task: ListTodo };

/** What the file input offers; the server decides by the content (AttachmentEndpoints). */
const ACCEPTED_FILES = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.doc,.docx,.xls,.xlsx';

interface LogActivityButtonProps {
  customerId: string;
  customerName: string;
  variant?: ButtonVariant;
}

/**
 * "Log activity" and its dialog, for users who may write (customers.write, which the activity endpoints require).
 * After saving, a status message says so; the entry itself arrives in the timeline.
 */
export function LogActivityButton({ customerId, customerName, variant = 'primary' }: LogActivityButtonProps) {
  const { t } = useTranslation();
  const canWrite = usePermission('customers.write');
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(false), 5_000);
    return () => clearTimeout(timer);
  }, [saved]);

  if (!canWrite) return null;
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        <MessageSquarePlus aria-hidden="true" className="size-4" />
        {t('composer.open')}
      </Button>
      <p role="status" className="sr-only">
        {saved ? t('composer.saved') : ''}
      </p>
      <ActivityComposerDialog
        open={open}
        customerId={customerId}
        customerName={customerName}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          setSaved(true);
        }}
      />
    </>
  );
}

interface ActivityComposerDialogProps {
  open: boolean;
  customerId: string;
  customerName: string;
  onClose: () => void;
  onSaved: (activity: Activity) => void;
}

export function ActivityComposerDialog({ open, customerId, customerName, onClose, onSaved }: ActivityComposerDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('composer.title')} description={t('composer.intro', { name: customerName })} onClose={onClose} size="lg">
      <ComposerForm customerId={customerId} onCancel={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function ComposerForm({ customerId, onCancel, onSaved }: { customerId: string; onCancel: () => void; onSaved: (activity: Activity) => void }) {
  const { t } = useTranslation();
  const typing = useTypingSignal(customerId);
  const activityLogged = useActivityLogged(customerId);
  const assignees = useAssigneeOptions();
  const [messages, setMessages] = useState<string[]>([]);
  /** Saved, but its file was refused: submitting again only attaches a file. */
  const [savedActivity, setSavedActivity] = useState<Activity>();

  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<ComposerValues>({ resolver: zodResolver(composerSchema), defaultValues: emptyComposer });
  const type = useWatch({ control, name: 'type' });

  const errorText = (field: ComposerField): string | undefined => {
    const error = errors[field] as FieldError | undefined;
    if (!error?.message) return undefined;
    if (error.type === 'server') return error.message;
    const max = field === 'subject' ? SUBJECT_MAX : field === 'description' ? DESCRIPTION_MAX : undefined;
    return t(error.message as ComposerMessageKey, { max });
  };

  const attach = async (activity: Activity, file: File): Promise<boolean> => {
    try {
      await uploadAttachment(activity.id, file);
      return true;
    } catch (error) {
      setSavedActivity(activity);
      const reason =
        error instanceof ApiError
          ? (Object.values(error.problem.errors ?? {})[0]?.[0] ?? error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'))
          : t('common.networkError');
      setError('attachment', { type: 'server', message: reason }, { shouldFocus: true });
      return false;
    }
  };

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    typing.stop();
    const file = chosenFile(values.attachment);
    if (savedActivity && !file) {
      setError('attachment', { type: 'required', message: 'validation.required' }, { shouldFocus: true });
      return;
    }
    let activity = savedActivity;
    if (!activity) {
      try {
        activity = await createCustomerActivity(customerId, toActivityInput(values));
      } catch (error) {
        setMessages(applyServerErrors(t, error, setError, Object.fromEntries(COMPOSER_SERVER_FIELDS.map((field) => [field, field]))));
        return;
      }
    }
    const attached = file ? await attach(activity, file) : true;
    // The hub pushes the new entries; refetching makes them show when it is down.
    void activityLogged();
    if (attached) onSaved(activity);
  });

  const cancel = () => {
    typing.stop();
    onCancel();
  };

  const typed = { onChange: () => typing.keystroke() };
  const attachOnly = savedActivity !== undefined;

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <FormErrors messages={messages} />
      {attachOnly && (
        <Alert tone="info">
          <p className="font-semibold">{t('composer.attachFailed')}</p>
          <p>{t('composer.attachRetry')}</p>
        </Alert>
      )}

      <fieldset disabled={attachOnly} className="space-y-5 disabled:opacity-70">
        <ChoiceGroup
          legend={t('composer.type')}
          error={errorText('type')}
          columns="grid-cols-2 sm:grid-cols-4"
          choices={COMPOSER_TYPES.map((value) => ({
            value,
            label: t(`composer.types.${value}`),
            icon: TYPE_ICONS[value],
            input: register('type'),
          }))}
        />

        {type === 'call' && (
          <ChoiceGroup
            legend={t('composer.direction')}
            error={errorText('direction')}
            columns="grid-cols-2"
            choices={DIRECTIONS.map((value) => ({ value, label: t(`composer.directions.${value}`), input: register('direction') }))}
          />
        )}

        <TextField
          {...register('subject', typed)}
          label={t('composer.subject')}
          hint={t('composer.subjectHint')}
          error={errorText('subject')}
          maxLength={SUBJECT_MAX}
          autoComplete="off"
        />
        <TextAreaField
          {...register('description', typed)}
          label={t('composer.details')}
          error={errorText('description')}
          rows={5}
        />

        {type === 'task' && (
          <div className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
            <SelectField {...register('assigned_to')} label={t('composer.assignee')} options={assignees} error={errorText('assigned_to')} />
            <Controller
              control={control}
              name="due_at"
              render={({ field }) => (
                <LocalDateTimeField
                  name={field.name}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  ref={field.ref}
                  label={t('composer.due')}
                  hint={t('composer.dueHint')}
                  required
                  error={errorText('due_at')}
                />
              )}
            />
          </div>
        )}
      </fieldset>

      <TextField
        {...register('attachment')}
        type="file"
        accept={ACCEPTED_FILES}
        label={t('composer.attachment')}
        hint={t('composer.attachmentHint')}
        required={attachOnly}
        error={errorText('attachment')}
        className="[&_input]:file:mr-3 [&_input]:file:rounded [&_input]:file:border-0 [&_input]:file:bg-slate-100 [&_input]:file:px-2.5 [&_input]:file:py-1 [&_input]:file:text-sm [&_input]:file:font-medium [&_input]:file:text-slate-800"
      />

      <div className="flex flex-col-reverse gap-3 pt-1 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={cancel}>
          {attachOnly ? t('composer.close') : t('common.cancel')}
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('composer.saving') : attachOnly ? t('composer.attachOnly') : t('composer.submit')}
        </Button>
      </div>
    </form>
  );
}

/** "Me" first (the API's default assignee), then the other active team members when the user may list them. */
function useAssigneeOptions() {
  const { t } = useTranslation();
  const me = useMe();
  const canReadUsers = usePermission('users.read');
  const users = useUsers(canReadUsers);
  return useMemo(() => {
    const myName = me.data ? `${me.data.first_name} ${me.data.last_name}`.trim() : '';
    const others = (users.data ?? [])
      .filter((user) => user.status === 'active' && user.id !== me.data?.id)
      .map((user) => ({ value: user.id, label: `${user.first_name} ${user.last_name}`.trim() || user.email }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: '', label: myName ? t('composer.me', { name: myName }) : t('composer.meAlone') }, ...others];
  }, [me.data, users.data, t]);
}

interface Choice {
  value: string;
  label: string;
  icon?: LucideIcon;
  input: UseFormRegisterReturn;
}

/** Radio buttons drawn as a row of toggle buttons; arrow keys move between them as with any radio group. */
function ChoiceGroup({ legend, choices, error, columns }: { legend: string; choices: Choice[]; error?: string; columns: string }) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className={`mt-1.5 grid gap-2 ${columns}`}>
        {choices.map(({ value, label, icon: Icon, input }) => (
          <label
            key={value}
            className="relative flex cursor-pointer items-center justify-center gap-2 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 has-checked:bg-indigo-50 has-checked:text-indigo-800 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
          >
            {/* Transparent over the whole button, so a click or tap lands on the radio itself. */}
            <input type="radio" value={value} {...input} className="absolute inset-0 size-full cursor-pointer appearance-none rounded-md opacity-0" />
            {Icon && <Icon aria-hidden="true" className="size-4" />}
            {label}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
