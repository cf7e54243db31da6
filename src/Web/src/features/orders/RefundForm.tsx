import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Order } from '../../api/client';
import { ApiError, problemToFieldErrors } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { toAmount, useLocaleFormatters } from '../../i18n/format';
import { useRefundOrder } from './orderApi';
import { FormErrors } from '../../components/FormErrors';

const REFUND_FIELDS = ['amount', 'reason', 'is_return'] as const;
type RefundMessageKey = 'validation.required' | 'validation.amount' | 'validation.tooLong';

const refundSchema = z.object({
  amount: z
    .string()
    .trim()
    .min(1, 'validation.required' satisfies RefundMessageKey)
    .refine((text) => {
      const value = Number(text.replace(',', '.'));
      return Number.isFinite(value) && value > 0;
    }, 'validation.amount' satisfies RefundMessageKey),
  reason: z.string().trim().max(500, 'validation.tooLong' satisfies RefundMessageKey),
  is_return: z.boolean(),
});

type RefundValues = z.input<typeof refundSchema>;

/** Records a (partial) refund or a return. The server decides what is left to refund; its messages land on the fields. */
export function RefundForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const refund = useRefundOrder(order.id);
  const [messages, setMessages] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const remaining = (toAmount(order.total_amount) ?? 0) - (toAmount(order.refunded_amount) ?? 0);

  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<RefundValues>({
    resolver: zodResolver(refundSchema),
    defaultValues: { amount: '', reason: '', is_return: false },
  });

  const errorText = (field: (typeof REFUND_FIELDS)[number]) => {
    const error = errors[field];
    if (!error?.message) return undefined;
    return error.type === 'server' ? error.message : t(error.message as RefundMessageKey, { max: 500 });
  };

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setDone(false);
    try {
      await refund.mutateAsync({
        amount: Number(values.amount.replace(',', '.')),
        reason: values.reason.trim() || null,
        is_return: values.is_return,
      });
      reset();
      setDone(true);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setMessages([t('common.networkError')]);
        return;
      }
      const { fieldErrors, generalMessages } = problemToFieldErrors(error.problem, REFUND_FIELDS);
      fieldErrors.forEach(({ field, message }, index) =>
        setError(field, { type: 'server', message }, { shouldFocus: index === 0 }),
      );
      setMessages(fieldErrors.length === 0 && generalMessages.length === 0 ? [t('common.unexpectedError')] : generalMessages);
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      {done && <Alert tone="success">{t('orders.refund.recorded')}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          {...register('amount')}
          label={t('orders.refund.amount', { currency: order.currency })}
          hint={t('orders.refund.remaining', { amount: format.money(remaining, order.currency) })}
          error={errorText('amount')}
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextField {...register('reason')} label={t('orders.refund.reason')} error={errorText('reason')} />
      </div>
      <div className="flex items-center gap-2">
        <input
          id={`refund-return-${order.id}`}
          type="checkbox"
          {...register('is_return')}
          className="size-4 rounded border-slate-400 accent-indigo-600"
        />
        <label htmlFor={`refund-return-${order.id}`} className="text-sm text-slate-800">
          {t('orders.refund.isReturn')}
        </label>
      </div>
      {errors.is_return?.message && <p className="text-sm text-red-700">{errors.is_return.message}</p>}
      <div className="flex justify-end">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('orders.refund.saving') : t('orders.refund.submit')}
        </Button>
      </div>
    </form>
  );
}
