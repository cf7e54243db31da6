import { z } from 'zod';
import type { ActivityInput } from './activityComposerApi';

/** What the composer logs; emails arrive through integrations rather than by hand. */
export const COMPOSER_TYPES = ['note', 'call', 'meeting', 'task'] as const;
export type ComposerType = (typeof COMPOSER_TYPES)[number];

export const DIRECTIONS = ['outbound', 'inbound'] as const;

/** The API's limits (ActivityRules, AttachmentEndpoints), checked here first for instant feedback. */
export const SUBJECT_MAX = 300;
export const DESCRIPTION_MAX = 20_000;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Zod messages are i18n keys, translated when shown so they follow language switches. */
export type ComposerMessageKey =
  | 'validation.required'
  | 'validation.tooLong'
  | 'composer.validation.subjectOrDescription'
  | 'composer.validation.dueInvalid'
  | 'composer.validation.fileTooLarge'
  | 'composer.validation.fileEmpty';

const message = (key: ComposerMessageKey) => key;

/** The chosen file of a file input (a FileList in the browser), if any. */
export function chosenFile(value: unknown): File | undefined {
  if (typeof File !== 'undefined' && value instanceof File) return value;
  if (typeof value === 'object' && value !== null && 'length' in value && typeof value.length === 'number' && value.length > 0) {
    const first = (value as ArrayLike<unknown>)[0];
    if (typeof File !== 'undefined' && first instanceof File) return first;
  }
  return undefined;
}

/** The due field's value ("2030-01-31T09:00", the viewer's own time) → an instant, or undefined when it is not one. */
export function localDateTimeToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// Field order here is the order of the form, which decides where focus goes on errors.
export const composerSchema = z
  .object({
    type: z.enum(COMPOSER_TYPES),
    direction: z.enum(DIRECTIONS),
    subject: z.string().max(SUBJECT_MAX, message('validation.tooLong')),
    description: z.string().max(DESCRIPTION_MAX, message('validation.tooLong')),
    assigned_to: z.string(),
    due_at: z.string(),
    attachment: z.unknown(),
  })
  .superRefine((values, context) => {
    if (values.subject.trim() === '' && values.description.trim() === '') {
      context.addIssue({ code: 'custom', path: ['subject'], message: message('composer.validation.subjectOrDescription') });
    }
    if (values.type === 'task') {
      if (values.due_at.trim() === '') {
        context.addIssue({ code: 'custom', path: ['due_at'], message: message('validation.required') });
      } else if (localDateTimeToIso(values.due_at) === undefined) {
        context.addIssue({ code: 'custom', path: ['due_at'], message: message('composer.validation.dueInvalid') });
      }
    }
    const file = chosenFile(values.attachment);
    if (file && file.size > ATTACHMENT_MAX_BYTES) {
      context.addIssue({ code: 'custom', path: ['attachment'], message: message('composer.validation.fileTooLarge') });
    } else if (file && file.size === 0) {
      context.addIssue({ code: 'custom', path: ['attachment'], message: message('composer.validation.fileEmpty') });
    }
  });

export type ComposerValues = z.input<typeof composerSchema>;
export type ComposerField = keyof ComposerValues;

/** The fields the API may name in a 400's errors, as the form calls them (the same names). */
export const COMPOSER_SERVER_FIELDS = ['type', 'direction', 'subject', 'description', 'assigned_to', 'due_at'] as const satisfies readonly ComposerField[];

export const emptyComposer: ComposerValues = {
  type: 'note',
  direction: 'outbound',
  subject: '',
  description: '',
  assigned_to: '',
  due_at: '',
  attachment: undefined,
};

/**
 * Form values → request body. Only what the type has is sent (the API refuses a direction on a note, a due time on a
 * call); an empty assignee means "me", which is the API's default.
 */
export function toActivityInput(values: ComposerValues): ActivityInput {
  const subject = values.subject.trim();
  const description = values.description.trim();
  const input: ActivityInput = { type: values.type };
  if (subject) input.subject = subject;
  if (description) input.description = description;
  if (values.type === 'call') input.direction = values.direction;
  if (values.type === 'task') {
    input.due_at = localDateTimeToIso(values.due_at) ?? null;
    if (values.assigned_to) input.assigned_to = values.assigned_to;
  }
  return input;
}
