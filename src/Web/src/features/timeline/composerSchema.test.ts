import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, composerSchema, emptyComposer, localDateTimeToIso, toActivityInput, type ComposerValues } from './composerSchema';

function issues(values: Partial<ComposerValues>) {
  const result = composerSchema.safeParse({ ...emptyComposer, ...values });
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

const fileOf = (size: number, name = 'notes.txt') => new File([new Uint8Array(size)], name, { type: 'text/plain' });

describe('composer validation', () => {
  it('needs a subject or a description', () => {
    expect(issues({ subject: '  ', description: '' })).toEqual({ subject: 'composer.validation.subjectOrDescription' });
    expect(issues({ subject: '', description: 'Called back' })).toEqual({});
    expect(issues({ subject: 'Follow-up', description: '' })).toEqual({});
  });

  it('keeps to the API limits', () => {
    expect(issues({ subject: 'x'.repeat(301) })).toEqual({ subject: 'validation.tooLong' });
    expect(issues({ subject: 'ok', description: 'x'.repeat(20_001) })).toEqual({ description: 'validation.tooLong' });
  });

  it('requires a valid due date and time for tasks only', () => {
    expect(issues({ type: 'task', subject: 'Send quote' })).toEqual({ due_at: 'validation.required' });
    expect(issues({ type: 'task', subject: 'Send quote', due_at: '31.01.2030' })).toEqual({ due_at: 'composer.validation.dueInvalid' });
    expect(issues({ type: 'task', subject: 'Send quote', due_at: '2030-01-31T09:00' })).toEqual({});
    expect(issues({ type: 'note', subject: 'No due time needed' })).toEqual({});
  });

  it('refuses files over 10 MB and empty files', () => {
    expect(issues({ subject: 'x', attachment: [fileOf(ATTACHMENT_MAX_BYTES + 1)] })).toEqual({ attachment: 'composer.validation.fileTooLarge' });
    expect(issues({ subject: 'x', attachment: [fileOf(0)] })).toEqual({ attachment: 'composer.validation.fileEmpty' });
    expect(issues({ subject: 'x', attachment: [fileOf(10)] })).toEqual({});
    expect(issues({ subject: 'x', attachment: [] })).toEqual({});
  });
});

describe('toActivityInput', () => {
  it('sends a note without direction, assignee or due time', () => {
    expect(toActivityInput({ ...emptyComposer, subject: ' Hello ', description: ' Line one\nline two ', direction: 'inbound' })).toEqual({
      type: 'note',
      subject: 'Hello',
      description: 'Line one\nline two',
    });
  });

  it('sends a call with its direction', () => {
    expect(toActivityInput({ ...emptyComposer, type: 'call', direction: 'inbound', description: 'Asked for a discount' })).toEqual({
      type: 'call',
      direction: 'inbound',
      description: 'Asked for a discount',
    });
  });

  it('sends a task with its due instant and assignee ("me" is left to the API)', () => {
    const due = '2030-01-31T09:00';
    expect(toActivityInput({ ...emptyComposer, type: 'task', subject: 'Quote', due_at: due, assigned_to: 'u-ana' })).toEqual({
      type: 'task',
      subject: 'Quote',
      due_at: new Date(due).toISOString(),
      assigned_to: 'u-ana',
    });
    expect(toActivityInput({ ...emptyComposer, type: 'task', subject: 'Quote', due_at: due })).not.toHaveProperty('assigned_to');
  });

  it('reads datetime-local values as the viewer\'s local time', () => {
    expect(localDateTimeToIso('2030-01-31T09:00')).toBe(new Date(2030, 0, 31, 9, 0).toISOString());
    expect(localDateTimeToIso('')).toBeUndefined();
  });
});
