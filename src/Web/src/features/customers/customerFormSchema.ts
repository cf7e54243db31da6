import { z } from 'zod';
import type { Customer, CustomerInput, CustomerStatus } from '../../api/client';

export const CUSTOMER_STATUSES = ['active', 'inactive', 'vip', 'blocked'] as const satisfies readonly CustomerStatus[];

/** Length limits the API enforces too; the form checks them first so people get instant feedback. */
export const MAX_LENGTHS = { first_name: 100, last_name: 100, email: 254 } as const;

/** Zod messages are i18n keys, translated when shown so they follow language switches. */
export type ValidationMessageKey = 'validation.required' | 'validation.email' | 'validation.tooLong';

const message = (key: ValidationMessageKey) => key;

const requiredText = (max: number) =>
  z.string().trim().min(1, message('validation.required')).max(max, message('validation.tooLong'));

const optionalText = z.string().trim();

// Field order here is the order of the form, which decides where focus goes on errors.
export const customerFormSchema = z.object({
  first_name: requiredText(MAX_LENGTHS.first_name),
  last_name: requiredText(MAX_LENGTHS.last_name),
  email: requiredText(MAX_LENGTHS.email).pipe(z.email(message('validation.email'))),
  phone: optionalText,
  company_name: optionalText,
  country_code: z.string().min(1, message('validation.required')),
  region: optionalText,
  city: optionalText,
  postal_code: optionalText,
  timezone: z.string(),
  language: z.string(),
  currency: z.string(),
  status: z.enum(CUSTOMER_STATUSES),
  tags: z.string(),
});

export type CustomerFormValues = z.input<typeof customerFormSchema>;
export type CustomerFormField = keyof CustomerFormValues;

export const CUSTOMER_FORM_FIELDS = Object.keys(customerFormSchema.shape) as CustomerFormField[];

export const emptyCustomerForm: CustomerFormValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  company_name: '',
  country_code: '',
  region: '',
  city: '',
  postal_code: '',
  timezone: 'UTC',
  language: 'en',
  currency: 'USD',
  status: 'active',
  tags: '',
};

/** "vip, wholesale,,VIP " → ["vip", "wholesale"]: trimmed, no blanks, no case-insensitive repeats. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    const key = tag.toLocaleLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  }
  return tags;
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * Form values → request body. Only CustomerInput fields are sent: the API rejects unknown fields.
 * custom_fields are not editable here yet, so an edit sends back what the customer already has.
 */
export function toCustomerInput(
  values: CustomerFormValues,
  customFields?: Customer['custom_fields'],
): CustomerInput {
  return {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
    email: values.email.trim(),
    phone: orNull(values.phone),
    company_name: orNull(values.company_name),
    country_code: values.country_code,
    region: orNull(values.region),
    city: orNull(values.city),
    postal_code: orNull(values.postal_code),
    timezone: orNull(values.timezone),
    language: orNull(values.language),
    currency: orNull(values.currency),
    status: values.status,
    tags: parseTags(values.tags),
    ...(customFields === undefined ? {} : { custom_fields: customFields }),
  };
}

export function toCustomerFormValues(customer: Customer): CustomerFormValues {
  return {
    first_name: customer.first_name,
    last_name: customer.last_name,
    email: customer.email,
    phone: customer.phone ?? '',
    company_name: customer.company_name ?? '',
    country_code: customer.country_code,
    region: customer.region ?? '',
    city: customer.city ?? '',
    postal_code: customer.postal_code ?? '',
    timezone: customer.timezone,
    language: customer.language,
    currency: customer.currency,
    status: customer.status,
    tags: customer.tags.join(', '),
  };
}
