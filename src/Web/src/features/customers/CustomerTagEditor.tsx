import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, X } from 'lucide-react';
import type { Customer } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { useAddCustomerTag, useRemoveCustomerTag } from './customerApi';

/** The customer's tags with a remove button each, and a small form to add one. */
export function CustomerTagEditor({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const id = useId();
  const addTag = useAddCustomerTag(customer.id);
  const removeTag = useRemoveCustomerTag(customer.id);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  const explain = (failure: unknown) =>
    failure instanceof ApiError
      ? (Object.values(failure.problem.errors ?? {}).flat()[0] ?? failure.problem.detail ?? t('common.unexpectedError'))
      : t('common.networkError');

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const tag = text.trim();
    if (!tag) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    try {
      await addTag.mutateAsync(tag);
      setText('');
    } catch (failure) {
      setError(explain(failure));
    }
  };

  const remove = async (tag: string) => {
    setError(undefined);
    try {
      await removeTag.mutateAsync(tag);
    } catch (failure) {
      setError(explain(failure));
    }
  };

  return (
    <div>
      {customer.tags.length === 0 ? (
        <p className="text-sm text-slate-600">{t('customers.detail.noTags')}</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {customer.tags.map((tag) => (
            <li key={tag} className="inline-flex items-center gap-1 rounded bg-indigo-50 py-0.5 pl-2 pr-1 text-xs font-medium text-indigo-800">
              {tag}
              <button
                type="button"
                onClick={() => void remove(tag)}
                disabled={removeTag.isPending}
                aria-label={t('customers.detail.removeTag', { tag })}
                className="rounded p-0.5 hover:bg-indigo-100 hover:text-indigo-950"
              >
                <X aria-hidden="true" className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(event) => void add(event)} noValidate className="mt-3">
        <label htmlFor={id} className="sr-only">
          {t('customers.detail.newTag')}
        </label>
        <div className="flex gap-2">
          <input
            id={id}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('customers.detail.newTag')}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            maxLength={50}
            className={`block w-full min-w-0 rounded-md border-0 px-2.5 py-1.5 text-sm shadow-sm ring-1 ring-inset placeholder:text-slate-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${
              error ? 'ring-red-500' : 'ring-slate-300'
            }`}
          />
          <button
            type="submit"
            disabled={addTag.isPending}
            className="inline-flex shrink-0 items-center gap-1 rounded-md bg-white px-2.5 py-1.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            <Plus aria-hidden="true" className="size-4" />
            {t('customers.detail.addTag')}
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
