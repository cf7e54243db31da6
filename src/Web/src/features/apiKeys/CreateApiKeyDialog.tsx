import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button } from '../../components/Button';
import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/FormFields';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { API_KEY_SCOPES, useCreateApiKey, type CreatedApiKey } from './apiKeysApi';
import { FormErrors } from '../../components/FormErrors';

const createSchema = z.object({
  name: z.string().trim().min(1, 'validation.required'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, 'validation.scopes'),
});
type CreateValues = z.input<typeof createSchema>;

interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Name and scopes, then the new key, once, with a copy button. */
export function CreateApiKeyDialog({ open, onClose }: CreateApiKeyDialogProps) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<CreatedApiKey>();
  const close = () => {
    setCreated(undefined);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={created ? t('apiKeys.created.title', { name: created.name }) : t('apiKeys.create.title')}
      description={created ? undefined : t('apiKeys.create.description')}
      onClose={close}
    >
      {created ? <NewKey apiKey={created} onDone={close} /> : <CreateForm onCancel={close} onCreated={setCreated} />}
    </Dialog>
  );
}

function CreateForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (key: CreatedApiKey) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateApiKey();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreateValues>({ resolver: zodResolver(createSchema), defaultValues: { name: '', scopes: [] } });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      onCreated(await create.mutateAsync({ name: values.name.trim(), scopes: values.scopes }));
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { name: 'name', scopes: 'scopes' }));
    }
  });

  const scopesError = fieldErrorText(t, errors.scopes as Parameters<typeof fieldErrorText>[1]);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      <TextField
        {...register('name')}
        label={t('apiKeys.create.name')}
        hint={t('apiKeys.create.nameHint')}
        required
        autoFocus
        error={fieldErrorText(t, errors.name)}
      />
      <fieldset aria-describedby={scopesError ? `${id}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t('apiKeys.create.scopes')}</legend>
        <ul className="mt-2 space-y-1.5">
          {API_KEY_SCOPES.map((scope) => (
            <li key={scope}>
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  value={scope}
                  {...register('scopes')}
                  className="mt-0.5 size-4 rounded border-slate-400 accent-indigo-600"
                />
                <span>
                  <span className="font-mono text-xs">{scope}</span>
                  <span className="block text-slate-600">{t(`apiKeys.scopes.${scope.replace(':', '_') as ScopeKey}`)}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {scopesError && (
          <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700">
            {scopesError}
          </p>
        )}
      </fieldset>
      <div className="flex justify-end gap-3 pt-2">
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('apiKeys.create.creating') : t('apiKeys.create.submit')}
        </Button>
      </div>
    </form>
  );
}

type ScopeKey = 'customers_read' | 'customers_write' | 'orders_read' | 'orders_write' | 'webhooks';

function NewKey({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return <ShownOnceSecret secret={apiKey.key} texts="apiKeys.created" onDone={onDone} />;
}
