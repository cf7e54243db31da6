import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFieldArray, useForm, type FieldError, type Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, Plus, Trash2 } from 'lucide-react';
import { ApiError, problemMessages } from '../../api/problemDetails';
import { useReferenceData } from '../../api/referenceData';
import { Button, buttonClasses } from '../../components/Button';
import { FormErrors } from '../../components/FormErrors';
import { SelectField, TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { useLocaleFormatters } from '../../i18n/format';
import { currencyOptions, includingValue } from '../customers/referenceOptions';
import { CustomerPicker } from './CustomerPicker';
import { useCreateOrder } from './orderApi';
import {
  emptyOrderForm,
  emptyOrderItem,
  NEW_ORDER_STATUSES,
  ORDER_LIMITS,
  orderFormField,
  orderFormSchema,
  parseAmount,
  toOrderInput,
  type OrderFormValues,
  type OrderValidationKey,
} from './orderFormSchema';

/** /orders/new, or /orders/new?customer=<id> from a customer's page (the customer is then chosen already). */
export function NewOrderPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const customerId = searchParams.get('customer') ?? '';
  const backTo = customerId ? `/customers/${customerId}?tab=orders` : '/orders';

  return (
    <>
      <Link
        to={backTo}
        className="mb-3 inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {customerId ? t('customers.detail.backToCustomer') : t('orders.detail.backToList')}
      </Link>
      <PageHeader title={t('orders.form.title')} description={t('orders.form.description')} />
      <OrderForm initialCustomerId={customerId} cancelTo={backTo} />
    </>
  );
}

function OrderForm({ initialCustomerId, cancelTo }: { initialCustomerId: string; cancelTo: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useLocaleFormatters();
  const reference = useReferenceData();
  const createOrder = useCreateOrder();
  const [formMessages, setFormMessages] = useState<string[]>([]);

  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<OrderFormValues>({ resolver: zodResolver(orderFormSchema), defaultValues: emptyOrderForm(initialCustomerId) });
  const items = useFieldArray({ control, name: 'items' });

  const currency = watch('currency');
  const lines = watch('items');
  const currencies = useMemo(
    () => includingValue(currencyOptions(reference.data?.currencies ?? [currency], format), currency),
    [reference.data, currency, format],
  );
  const statuses = NEW_ORDER_STATUSES.map((status) => ({ value: status, label: t(`orders.status.${status}`) }));

  /** Our own messages are i18n keys; the server's arrive translated (or as sent) and are shown as they are. */
  const errorText = (error: FieldError | undefined, max?: number): string | undefined => {
    if (!error?.message) return undefined;
    if (error.type === 'server') return error.message;
    return t(error.message as OrderValidationKey, { max });
  };

  const showServerErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) {
      setFormMessages([t('common.networkError')]);
      return;
    }
    const general: string[] = [];
    let focused = false;
    for (const { key, message } of problemMessages(error.problem)) {
      const field = orderFormField(key);
      if (field) {
        setError(field as Path<OrderFormValues>, { type: 'server', message }, { shouldFocus: !focused });
        focused = true;
      } else {
        general.push(message);
      }
    }
    if (!focused && general.length === 0) general.push(error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'));
    setFormMessages(general);
  };

  const submit = handleSubmit(async (values) => {
    setFormMessages([]);
    try {
      const order = await createOrder.mutateAsync(toOrderInput(values));
      await navigate(`/orders/${order.id}`);
    } catch (error) {
      showServerErrors(error);
    }
  });

  const subtotal = lines.reduce((sum, line) => {
    const price = parseAmount(line.unit_price);
    const quantity = Number(line.quantity);
    return Number.isFinite(price) && Number.isInteger(quantity) ? sum + price * quantity : sum;
  }, 0);
  const extra = (value: string) => (Number.isNaN(parseAmount(value)) ? 0 : parseAmount(value));
  const total = subtotal + extra(watch('tax_amount')) + extra(watch('shipping_amount')) - extra(watch('discount_amount'));

  return (
    <form onSubmit={submit} noValidate className="max-w-4xl space-y-6">
      <FormErrors messages={formMessages} />
      <p className="text-sm text-slate-600">{t('customers.form.requiredNote')}</p>

      <FormSection legend={t('orders.form.sections.customer')}>
        <CustomerPicker
          value={watch('customer_id')}
          error={errorText(errors.customer_id)}
          onChange={(customer) => setValue('customer_id', customer?.id ?? '', { shouldValidate: customer !== undefined })}
          // The customer's own currency, once their record is read.
          onLoaded={(customer) => {
            if (customer.currency) setValue('currency', customer.currency);
          }}
        />
      </FormSection>

      <FormSection legend={t('orders.form.sections.order')}>
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-3">
          <TextField
            {...register('order_number')}
            label={t('orders.form.fields.order_number')}
            required
            hint={t('orders.form.hints.order_number')}
            error={errorText(errors.order_number, ORDER_LIMITS.order_number)}
          />
          <SelectField {...register('currency')} label={t('orders.form.fields.currency')} required options={currencies} error={errorText(errors.currency)} />
          <SelectField {...register('status')} label={t('orders.form.fields.status')} options={statuses} error={errorText(errors.status)} />
        </div>
      </FormSection>

      <FormSection legend={t('orders.form.sections.items')}>
        <ol className="space-y-4">
          {items.fields.map((line, index) => (
            <li key={line.id} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 sm:p-4">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">{t('orders.form.itemTitle', { number: index + 1 })}</h3>
                {items.fields.length > 1 && (
                  <Button variant="ghost" onClick={() => items.remove(index)} aria-label={t('orders.form.removeItem', { number: index + 1 })}>
                    <Trash2 aria-hidden="true" className="size-4" />
                    <span className="hidden sm:inline">{t('orders.form.remove')}</span>
                  </Button>
                )}
              </div>
              <div className="grid gap-x-4 gap-y-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_6rem_8rem]">
                <TextField
                  {...register(`items.${index}.product_name`)}
                  label={t('orders.form.fields.product_name')}
                  required
                  error={errorText(errors.items?.[index]?.product_name, ORDER_LIMITS.product_name)}
                />
                <TextField
                  {...register(`items.${index}.sku`)}
                  label={t('orders.form.fields.sku')}
                  error={errorText(errors.items?.[index]?.sku, ORDER_LIMITS.sku)}
                />
                <TextField
                  {...register(`items.${index}.quantity`)}
                  label={t('orders.form.fields.quantity')}
                  required
                  inputMode="numeric"
                  error={errorText(errors.items?.[index]?.quantity)}
                />
                <TextField
                  {...register(`items.${index}.unit_price`)}
                  label={t('orders.form.fields.unit_price')}
                  required
                  inputMode="decimal"
                  error={errorText(errors.items?.[index]?.unit_price)}
                />
              </div>
            </li>
          ))}
        </ol>
        {errors.items?.root?.message && <p className="mt-2 text-sm text-red-700">{errorText(errors.items.root)}</p>}
        <div className="mt-4">
          <Button variant="secondary" onClick={() => items.append({ ...emptyOrderItem })} disabled={items.fields.length >= ORDER_LIMITS.items}>
            <Plus aria-hidden="true" className="size-4" />
            {t('orders.form.addItem')}
          </Button>
        </div>
      </FormSection>

      <FormSection legend={t('orders.form.sections.totals')}>
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-3">
          <TextField {...register('tax_amount')} label={t('orders.totals.tax')} inputMode="decimal" placeholder="0" error={errorText(errors.tax_amount)} />
          <TextField
            {...register('shipping_amount')}
            label={t('orders.totals.shipping')}
            inputMode="decimal"
            placeholder="0"
            error={errorText(errors.shipping_amount)}
          />
          <TextField
            {...register('discount_amount')}
            label={t('orders.totals.discount')}
            inputMode="decimal"
            placeholder="0"
            error={errorText(errors.discount_amount)}
          />
        </div>
        <dl className="mt-5 flex flex-wrap justify-end gap-x-8 gap-y-1 text-sm">
          <div className="flex gap-2">
            <dt className="text-slate-600">{t('orders.totals.subtotal')}</dt>
            <dd className="tabular-nums text-slate-900">{format.money(subtotal, currency)}</dd>
          </div>
          <div className="flex gap-2">
            <dt className="font-semibold text-slate-700">{t('orders.totals.total')}</dt>
            <dd className="font-semibold tabular-nums text-slate-900">{format.money(total, currency)}</dd>
          </div>
        </dl>
      </FormSection>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Link to={cancelTo} className={buttonClasses('secondary')}>
          {t('common.cancel')}
        </Link>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('customers.form.saving') : t('orders.form.create')}
        </Button>
      </div>
    </form>
  );
}

function FormSection({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    // min-w-0: a fieldset is otherwise as wide as its widest content (a long email) and overflows a phone.
    <fieldset className="min-w-0 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
      <legend className="float-left mb-4 w-full text-base font-semibold text-slate-900">{legend}</legend>
      <div className="clear-both">{children}</div>
    </fieldset>
  );
}
