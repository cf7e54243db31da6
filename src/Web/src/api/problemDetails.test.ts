import { describe, expect, it } from 'vitest';
import { parseRetryAfter, problemToFieldErrors, toFieldName, toProblemDetails } from './problemDetails';

const fields = ['first_name', 'last_name', 'email', 'country_code', 'tags'] as const;

describe('toFieldName', () => {
  it.each([
    ['email', 'email'],
    ['first_name', 'first_name'],
    ['Email', 'email'],
    ['FirstName', 'first_name'],
    ['countryCode', 'country_code'],
    ['$.email', 'email'],
    ['$.tags[0]', 'tags'],
    ['tags[2]', 'tags'],
  ])('maps %s to %s', (key, field) => {
    expect(toFieldName(key)).toBe(field);
  });
});

describe('problemToFieldErrors', () => {
  it('puts each field message on its field, in form order', () => {
    const result = problemToFieldErrors(
      {
        status: 400,
        title: 'One or more validation errors occurred.',
        errors: { country_code: ['Unknown country.'], first_name: ['Too long.', 'Also wrong.'] },
      },
      fields,
    );
    expect(result.fieldErrors).toEqual([
      { field: 'first_name', message: 'Too long.' },
      { field: 'country_code', message: 'Unknown country.' },
    ]);
    expect(result.generalMessages).toEqual([]);
  });

  it('maps a duplicate-email conflict onto the email field', () => {
    const result = problemToFieldErrors(
      { status: 409, title: 'Conflict', detail: 'Email already used.', errors: { email: ['Email already used.'] } },
      fields,
    );
    expect(result.fieldErrors).toEqual([{ field: 'email', message: 'Email already used.' }]);
    expect(result.generalMessages).toEqual([]);
  });

  it('keeps messages for unknown fields as general messages', () => {
    const result = problemToFieldErrors(
      { status: 400, title: 'Invalid JSON', errors: { foo: ['This field is not part of the resource.'] } },
      fields,
    );
    expect(result.fieldErrors).toEqual([]);
    expect(result.generalMessages).toEqual(['This field is not part of the resource.']);
  });

  it('falls back to detail, then title, when there are no field errors', () => {
    expect(problemToFieldErrors({ status: 409, title: 'Conflict', detail: 'Changed meanwhile.' }, fields)).toEqual({
      fieldErrors: [],
      generalMessages: ['Changed meanwhile.'],
    });
    expect(problemToFieldErrors({ status: 500, title: 'Server error' }, fields).generalMessages).toEqual(['Server error']);
  });
});

describe('toProblemDetails', () => {
  it('reads a problem+json body', () => {
    const problem = toProblemDetails(
      { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Dup', errors: { email: ['Dup'] } },
      { status: 409, statusText: 'Conflict' },
    );
    expect(problem).toMatchObject({ title: 'Conflict', status: 409, detail: 'Dup', errors: { email: ['Dup'] } });
  });

  it('copes with a plain-text error body', () => {
    expect(toProblemDetails('Bad Gateway', { status: 502, statusText: 'Bad Gateway' })).toEqual({
      status: 502,
      title: 'Bad Gateway',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores anything else', () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    expect(parseRetryAfter('60', now)).toBe(60);
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
