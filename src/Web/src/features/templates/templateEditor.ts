import { z } from 'zod';
import type { components } from '../../api/schema';

export type TemplateView = components['schemas']['TemplateView'];
export type TemplateInput = components['schemas']['TemplateInput'];
export type TemplateKind = 'email' | 'response';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['email', 'response'];
export const VARIANT_FIELDS = ['subject', 'body_html', 'body_text'] as const;
export type VariantField = (typeof VARIANT_FIELDS)[number];

const language = z.string().trim().regex(/^[a-z]{2}$/, 'templates.validation.language');

/** The editor form; messages are i18n keys, translated when shown. The server checks the Liquid itself. */
export const templateSchema = z
  .object({
    name: z.string().trim().min(1, 'validation.required').max(200, 'validation.required'),
    kind: z.enum(['email', 'response']),
    default_language: language,
    variants: z
      .array(
        z.object({
          language,
          subject: z.string().trim().min(1, 'validation.required').max(300, 'validation.required'),
          body_html: z.string(),
          body_text: z.string(),
        }),
      )
      .min(1, 'templates.validation.oneVariant'),
  })
  .superRefine((values, context) => {
    const seen = new Set<string>();
    values.variants.forEach((variant, index) => {
      if (seen.has(variant.language)) context.addIssue({ code: 'custom', path: ['variants', index, 'language'], message: 'templates.validation.duplicateLanguage' });
      seen.add(variant.language);
      if (!variant.body_html.trim() && !variant.body_text.trim())
        context.addIssue({ code: 'custom', path: ['variants', index, 'body_text'], message: 'templates.validation.body' });
    });
    if (!seen.has(values.default_language))
      context.addIssue({ code: 'custom', path: ['default_language'], message: 'templates.validation.defaultVariant' });
  });

export type TemplateFormValues = z.input<typeof templateSchema>;

export function newTemplateValues(languageCode = 'en'): TemplateFormValues {
  return { name: '', kind: 'email', default_language: languageCode, variants: [{ language: languageCode, subject: '', body_html: '', body_text: '' }] };
}

export function templateFormValues(template: TemplateView): TemplateFormValues {
  return {
    name: template.name,
    kind: template.kind === 'response' ? 'response' : 'email',
    default_language: template.default_language,
    variants: template.variants.map((variant) => ({ ...variant })),
  };
}

export function toTemplateInput(values: TemplateFormValues): TemplateInput {
  return {
    name: values.name.trim(),
    kind: values.kind,
    default_language: values.default_language.trim(),
    variants: values.variants.map((variant) => ({
      language: variant.language.trim(),
      subject: variant.subject,
      body_html: variant.body_html,
      body_text: variant.body_text,
    })),
  };
}

/** How a variable is written in a template. */
export function liquidTag(variable: string): string {
  return `{{ ${variable} }}`;
}

/** The text with the variable's tag put in place of the selection; the caret goes right after it. */
export function insertVariable(text: string, selectionStart: number, selectionEnd: number, variable: string): { text: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const tag = liquidTag(variable);
  return { text: text.slice(0, start) + tag + text.slice(end), caret: start + tag.length };
}

/** The variables under their object (customer, order, agent, shop), in the order the server lists them. */
export function groupVariables(variables: readonly string[]): { group: string; variables: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const variable of variables) {
    const group = variable.split('.')[0] ?? variable;
    groups.set(group, [...(groups.get(group) ?? []), variable]);
  }
  return [...groups].map(([group, members]) => ({ group, variables: members }));
}

/** A Liquid error as the server words it: "line 2, column 14: reason". */
export interface TemplateParseError {
  line: number;
  column: number;
  reason: string;
}

export function parsePosition(message: string): TemplateParseError | undefined {
  const match = /^line (\d+), column (\d+): (.*)$/s.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]), reason: match[3]!.trim() } : undefined;
}

/** A problem's field error about one variant part ("variants[1].body_html", also under "draft." from the preview). */
export interface VariantError {
  index: number;
  field: VariantField | 'language';
  message: string;
}

export function variantErrors(errors: Record<string, readonly string[]> | undefined): VariantError[] {
  if (!errors) return [];
  return Object.entries(errors).flatMap(([key, messages]) => {
    const match = /^(?:draft\.)?variants\[(\d+)\]\.(subject|body_html|body_text|language)$/.exec(key);
    return match && messages[0] ? [{ index: Number(match[1]), field: match[2] as VariantError['field'], message: messages[0] }] : [];
  });
}

/** The languages to offer as new variants: ISO 639-1 codes not used yet. */
export function missingLanguages(all: readonly string[], used: readonly string[]): string[] {
  return all.filter((code) => !used.includes(code));
}
