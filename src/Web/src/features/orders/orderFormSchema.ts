import { z } from 'zod';
import type { OrderStatus } from '../../api/client';

/** Statuses a new order may start in (refunds are recorded on an existing order). */
export const NEW_ORDER_STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const satisfies readonly OrderStatus[];

/** Limits the API enforces too; checked here first for instant feedback. */
export const ORDER_LIMITS = { order_number: 64, product_name: 200, sku: 100, quantity: 100_000, items: 500 } as const;

/** Zod messages are i18n keys, translated when shown so they follow language switches. */
export type OrderValidationKey =
  | 'validation.required'
  | 'validation.tooLong'
  | 'validation.number'
  | 'validation.quantity'
  | 'validation.customer';

/** "12,50" or "12.50" → 12.5; blank → 0 when optional; anything else NaN. */
export function parseAmount(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return 0;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const amount = z.string().refine((value) => !Number.isNaN(parseAmount(value)), 'validation.number');

const item = z.object({
  product_name: z.string().trim().min(1, 'validation.required').max(ORDER_LIMITS.product_name, 'validation.tooLong'),
  sku: z.string().trim().max(ORDER_LIMITS.sku, 'validation.tooLong'),
  quantity: z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= ORDER_LIMITS.quantity, 'validation.quantity'),
  unit_price: z.string().trim().min(1, 'validation.required').pipe(amount),
});

// Field order here is the order of the form, which decides where focus goes on errors.
export const orderFormSchema = z.object({
  customer_id: z.string().min(1, 'validation.customer'),
  order_number: z.string().trim().min(1, 'validation.required').max(ORDER_LIMITS.order_number, 'validation.tooLong'),
  currency: z.string().min(1, 'validation.required'),
  status: z.enum(NEW_ORDER_STATUSES),
  items: z.array(item).min(1).max(ORDER_LIMITS.items),
  tax_amount: amount,
  shipping_amount: amount,
  discount_amount: amount,
});

export type OrderFormValues = z.input<typeof orderFormSchema>;
export type OrderItemValues = OrderFormValues['items'][number];

export const emptyOrderItem: OrderItemValues = { product_name: '', sku: '', quantity: '1', unit_price: '' };

export function emptyOrderForm(customerId = '', currency = 'USD'): OrderFormValues {
  return {
    customer_id: customerId,
    order_number: '',
    currency,
    status: 'pending',
    items: [{ ...emptyOrderItem }],
    tax_amount: '',
    shipping_amount: '',
    discount_amount: '',
  };
}

/** Form values → POST /orders body. A line's product id is its SKU, or its name when it has none. */
export function toOrderInput(values: OrderFormValues) {
  return {
    customer_id: values.customer_id,
    order_number: values.order_number.trim(),
    currency: values.currency,
    status: values.status,
    items: values.items.map((line) => ({
      product_id: line.sku.trim() || line.product_name.trim(),
      product_name: line.product_name.trim(),
      sku: line.sku.trim() || null,
      quantity: Number(line.quantity.trim()),
      unit_price: parseAmount(line.unit_price),
    })),
    tax_amount: parseAmount(values.tax_amount),
    shipping_amount: parseAmount(values.shipping_amount),
    discount_amount: parseAmount(values.discount_amount),
  };
}

/**
 * A problem's field key → the form field it belongs to: "items[2].unit_price" → "items.2.unit_price"
 * (product_id is derived from the SKU or name, so its errors show on the name). Undefined for fields the
 * form does not have.
 */
export function orderFormField(key: string): string | undefined {
  const line = /^items\[(\d+)\]\.(product_id|product_name|sku|quantity|unit_price)$/.exec(key);
  if (line) return `items.${line[1]}.${line[2] === 'product_id' ? 'product_name' : line[2]}`;
  const top = ['customer_id', 'order_number', 'currency', 'status', 'tax_amount', 'shipping_amount', 'discount_amount'];
  return top.includes(key) ? key : undefined;
}
