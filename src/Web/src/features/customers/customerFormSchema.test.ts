import { describe, expect, it } from 'vitest';
import { customer } from '../../test/mockApi';
import type { Customer } from '../../api/client';
import {
  customerFormSchema,
  emptyCustomerForm,
  parseTags,
  toCustomerFormValues,
  toCustomerInput,
  type CustomerFormValues,
} from './customerFormSchema';

const valid: CustomerFormValues = {
  ...emptyCustomerForm,
  first_name: 'Anna',
  last_name: 'Schmidt',
  email: 'anna@example.de',
  country_code: 'DE',
};

function issuesOf(values: CustomerFormValues) {
  const result = customerFormSchema.safeParse(values);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('customerFormSchema', () => {
  it('accepts a minimal valid customer', () => {
    expect(customerFormSchema.safeParse(valid).success).toBe(true);
  });

  it('requires first name, last name, email and country', () => {
    const issues = issuesOf({ ...valid, first_name: ' ', last_name: '', email: '', country_code: '' });
    expect(issues).toEqual({
      first_name: 'validation.required',
      last_name: 'validation.required',
      email: 'validation.required',
      country_code: 'validation.required',
    });
  });

  it('rejects a malformed email', () => {
    expect(issuesOf({ ...valid, email: 'not-an-email' })).toEqual({ email: 'validation.email' });
  });

  it('trims before checking the email format', () => {
    expect(customerFormSchema.safeParse({ ...valid, email: '  anna@example.de ' }).success).toBe(true);
  });

  it('limits names to 100 and email to 254 characters', () => {
    expect(issuesOf({ ...valid, first_name: 'a'.repeat(100), last_name: 'b'.repeat(100) })).toEqual({});
    expect(issuesOf({ ...valid, first_name: 'a'.repeat(101) })).toEqual({ first_name: 'validation.tooLong' });
    expect(issuesOf({ ...valid, last_name: 'b'.repeat(101) })).toEqual({ last_name: 'validation.tooLong' });

    // 64 + 1 + 189 = 254 characters, with DNS labels of at most 63 characters.
    const email254 = `${'x'.repeat(64)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email254).toHaveLength(254);
    expect(issuesOf({ ...valid, email: email254 })).toEqual({});
    expect(issuesOf({ ...valid, email: `y${email254}` })).toEqual({ email: 'validation.tooLong' });
  });

  it('only allows the four statuses', () => {
    const result = customerFormSchema.safeParse({ ...valid, status: 'archived' });
    expect(result.success).toBe(false);
  });
});

describe('parseTags', () => {
  it('splits on commas, trims, drops blanks and case-insensitive repeats', () => {
    expect(parseTags(' vip, wholesale,,VIP ,  newsletter ')).toEqual(['vip', 'wholesale', 'newsletter']);
  });

  it('returns no tags for an empty input', () => {
    expect(parseTags('  ')).toEqual([]);
  });
});

describe('toCustomerInput', () => {
  it('sends null for blank optional fields and an array of tags', () => {
    const input = toCustomerInput({ ...valid, phone: '  ', city: ' Berlin ', tags: 'a, b' });
    expect(input).toEqual({
      first_name: 'Anna',
      last_name: 'Schmidt',
      email: 'anna@example.de',
      phone: null,
      company_name: null,
      country_code: 'DE',
      region: null,
      city: 'Berlin',
      postal_code: null,
      timezone: 'UTC',
      language: 'en',
      currency: 'USD',
      status: 'active',
      tags: ['a', 'b'],
    });
  });

  it('passes existing custom fields through on edit', () => {
    expect(toCustomerInput(valid, { loyalty_id: 'L-1' }).custom_fields).toEqual({ loyalty_id: 'L-1' });
  });

  it('round-trips a customer through the form values', () => {
    const existing = customer({ tags: ['vip', 'b2b'], phone: '+4930123456' }) as Customer;
    const values = toCustomerFormValues(existing);
    expect(values.tags).toBe('vip, b2b');
    expect(values.phone).toBe('+4930123456');
    expect(values.region).toBe('');
    expect(toCustomerInput(values).tags).toEqual(['vip', 'b2b']);
  });
});
