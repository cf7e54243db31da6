import { describe, expect, it } from 'vitest';
import { parseRetryAfter, problemMessages, problemToFieldErrors, toFieldName, toProblemDetails, translateProblem } from './problemDetails';

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

describe('translation by code', () => {
  const german: Record<string, string> = {
    'problems.codes.too_long': 'Höchstens {{max_length}} Zeichen.',
    'problems.codes.invalid_email': 'Geben Sie eine gültige E-Mail-Adresse ein.',
    'problems.codes.out_of_range_min': 'Geben Sie {{min}} oder mehr ein.',
  };
  /** A stand-in for i18next with a German catalogue: interpolates, honours context, falls back to defaultValue. */
  const translate = (key: string, options: Record<string, unknown>) => {
    const text = german[options.context ? `${key}_${String(options.context)}` : key] ?? german[key];
    if (text === undefined) return String(options.defaultValue);
    return text.replace(/{{(\w+)}}/g, (_, name: string) => String(options[name]));
  };

  it('reads codes and their parameters from the body', () => {
    const problem = toProblemDetails(
      {
        status: 400,
        errors: { first_name: ['Too long.'] },
        codes: { first_name: ['too_long'] },
        code_params: { first_name: { max_length: 100, bogus: { nested: true } } },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    expect(problem.codes).toEqual({ first_name: ['too_long'] });
    expect(problem.code_params).toEqual({ first_name: { max_length: 100 } });
  });

  it('puts the message in the UI language on the field, with its parameters', () => {
    const result = problemToFieldErrors(
      {
        status: 400,
        errors: { first_name: ['The length must be 100 characters or fewer.'], email: ["'x' is not a valid email address."] },
        codes: { first_name: ['too_long'], email: ['invalid_email'] },
        code_params: { first_name: { max_length: 100 } },
      },
      fields,
      translate,
    );
    expect(result.fieldErrors).toEqual([
      { field: 'first_name', message: 'Höchstens 100 Zeichen.' },
      { field: 'email', message: 'Geben Sie eine gültige E-Mail-Adresse ein.' },
    ]);
  });

  it('falls back to the server message for generic, unknown or missing codes', () => {
    const result = problemMessages(
      {
        status: 400,
        errors: { a: ['Server says a.'], b: ['Server says b.'], c: ['Server says c.'] },
        codes: { a: ['invalid'], b: ['brand_new_code'] },
      },
      translate,
    );
    expect(result.map((entry) => entry.message)).toEqual(['Server says a.', 'Server says b.', 'Server says c.']);
  });

  it('words out_of_range by the bounds it names', () => {
    expect(translateProblem('out_of_range', { min: 0 }, 'Must not be negative.', translate)).toBe('Geben Sie 0 oder mehr ein.');
  });
});

describe('translation with the app’s catalogues', () => {
  it('finds every code’s text in German, with parameters and context', async () => {
    const { default: i18n } = await import('../i18n');
    await i18n.changeLanguage('de');
    try {
      expect(translateProblem('too_many_decimals', { currency: 'USD', decimals: 2 }, 'USD allows 2 decimal places.')).toBe(
        'USD erlaubt 2 Nachkommastellen.',
      );
      expect(translateProblem('out_of_range', { min: 1, max: 100000 }, 'x')).toBe('Geben Sie einen Wert von 1 bis 100000 ein.');
      expect(translateProblem('invalid', undefined, 'Server message.')).toBe('Server message.');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
