import { describe, expect, it } from 'vitest';
import { groupVariables, insertVariable, liquidTag, newTemplateValues, parsePosition, templateSchema, toTemplateInput, variantErrors } from './templateEditor';

describe('variable picker', () => {
  it('writes a variable as a Liquid output tag', () => {
    expect(liquidTag('customer.first_name')).toBe('{{ customer.first_name }}');
  });

  it('inserts at the caret, replacing the selection, and puts the caret after the tag', () => {
    expect(insertVariable('Hallo !', 6, 6, 'customer.first_name')).toEqual({ text: 'Hallo {{ customer.first_name }}!', caret: 31 });
    expect(insertVariable('Hallo NAME!', 6, 10, 'customer.name')).toEqual({ text: 'Hallo {{ customer.name }}!', caret: 25 });
    expect(insertVariable('', 5, 9, 'shop.name').text).toBe('{{ shop.name }}');
  });

  it('groups the variables by their object in the order given', () => {
    expect(groupVariables(['customer.name', 'order.total', 'customer.email', 'shop.name'])).toEqual([
      { group: 'customer', variables: ['customer.name', 'customer.email'] },
      { group: 'order', variables: ['order.total'] },
      { group: 'shop', variables: ['shop.name'] },
    ]);
  });
});

describe('server errors', () => {
  it('reads the line, column and reason of a parse error', () => {
    expect(parsePosition('line 2, column 14: Unexpected tag')).toEqual({ line: 2, column: 14, reason: 'Unexpected tag' });
    expect(parsePosition('Required.')).toBeUndefined();
  });

  it('maps variant field errors of a save and of a draft preview to the variant and field', () => {
    expect(
      variantErrors({ 'variants[1].body_html': ['line 2, column 3: oops'], 'draft.variants[0].subject': ['Required.'], name: ['Required.'] }),
    ).toEqual([
      { index: 1, field: 'body_html', message: 'line 2, column 3: oops' },
      { index: 0, field: 'subject', message: 'Required.' },
    ]);
  });
});

describe('template form', () => {
  it('needs a variant in the default language, one per language, and a body', () => {
    const values = newTemplateValues('en');
    values.name = 'Welcome';
    values.variants = [
      { language: 'de', subject: 'Hallo', body_html: '', body_text: 'x' },
      { language: 'de', subject: 'Hallo', body_html: '', body_text: '' },
    ];
    const result = templateSchema.safeParse(values);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual([
      'templates.validation.body',
      'templates.validation.defaultVariant',
      'templates.validation.duplicateLanguage',
    ]);
  });

  it('sends the trimmed name and languages with every variant', () => {
    const values = { ...newTemplateValues('de'), name: ' Welcome ' };
    values.variants = [{ language: 'de', subject: 'Hallo {{ customer.first_name }}', body_html: '<p>Hi</p>', body_text: '' }];
    expect(templateSchema.safeParse(values).success).toBe(true);
    expect(toTemplateInput(values)).toEqual({
      name: 'Welcome',
      kind: 'email',
      default_language: 'de',
      variants: [{ language: 'de', subject: 'Hallo {{ customer.first_name }}', body_html: '<p>Hi</p>', body_text: '' }],
    });
  });
});
