import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomer, useCustomerList, type CustomerRow } from '../customers/customerApi';
import { customerFullName } from '../customers/customerName';
import { Button } from '../../components/Button';
import { DebouncedTextField } from '../../components/DebouncedTextField';

const PICKER_FIELDS = 'first_name,last_name,email,language,country_code,currency';
const SHOWN_MATCHES = 6;

interface CustomerPickerProps {
  /** The chosen customer's id, '' when none is chosen yet. */
  value: string;
  error?: string;
  onChange: (customer: Pick<CustomerRow, 'id' | 'currency'> | undefined) => void;
  /** The chosen customer as read from the server (also one chosen before the form opened). */
  onLoaded?: (customer: Pick<CustomerRow, 'id' | 'currency'>) => void;
}

/** Choose the customer an order is for: search by name, email or company, then pick one of the matches. */
export function CustomerPicker({ value, error, onChange, onLoaded }: CustomerPickerProps) {
  return value ? (
    <ChosenCustomer id={value} onChange={() => onChange(undefined)} onLoaded={onLoaded} />
  ) : (
    <CustomerSearch error={error} onPick={onChange} />
  );
}

function ChosenCustomer({ id, onChange, onLoaded }: { id: string; onChange: () => void; onLoaded: CustomerPickerProps['onLoaded'] }) {
  const { t } = useTranslation();
  const customer = useCustomer(id);
  useEffect(() => {
    if (customer.data) onLoaded?.(customer.data);
    // Once per customer read, not on every render of the form.
  }, [customer.data]);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="min-w-0 text-sm">
        <span className="block font-medium text-slate-900">{customer.data ? customerFullName(customer.data) : t('common.loading')}</span>
        {customer.data && <span className="block truncate text-slate-600">{customer.data.email}</span>}
      </p>
      <Button variant="secondary" onClick={onChange}>
        {t('orders.form.changeCustomer')}
      </Button>
    </div>
  );
}

function CustomerSearch({ error, onPick }: { error?: string; onPick: CustomerPickerProps['onChange'] }) {
  const { t } = useTranslation();
  const listId = useId();
  const [query, setQuery] = useState('');
  const list = useCustomerList({ filter: query ? { q: query } : {}, fields: PICKER_FIELDS });
  const matches = (list.data?.pages[0]?.items ?? []).slice(0, SHOWN_MATCHES);

  return (
    <div>
      <DebouncedTextField
        name="customer_id"
        label={t('orders.form.fields.customer')}
        required
        value={query}
        onCommit={setQuery}
        hint={t('orders.form.hints.customer')}
        error={error}
        aria-controls={listId}
        autoComplete="off"
      />
      <ul id={listId} aria-label={t('orders.form.matches')} className="mt-2 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
        {matches.map((customer) => (
          <li key={customer.id}>
            <button
              type="button"
              onClick={() => onPick(customer)}
              className="flex w-full flex-col items-start px-3 py-2 text-left text-sm hover:bg-indigo-50 focus-visible:bg-indigo-50"
            >
              <span className="max-w-full truncate font-medium text-slate-900">{customerFullName(customer)}</span>
              <span className="max-w-full truncate text-slate-600">{customer.email}</span>
            </button>
          </li>
        ))}
        {!list.isPending && matches.length === 0 && <li className="px-3 py-2 text-sm text-slate-600">{t('orders.form.noMatches')}</li>}
      </ul>
    </div>
  );
}
