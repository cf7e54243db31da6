import type { components } from '../../api/schema';

export type EmailPurpose = 'transactional' | 'marketing';
export const EMAIL_PURPOSES: readonly EmailPurpose[] = ['transactional', 'marketing'];

export type ComposeSource = 'template' | 'text';

export interface ComposeDraft {
  source: ComposeSource;
  templateId: string;
  subject: string;
  bodyText: string;
  purpose: EmailPurpose;
  /** Replying in a conversation: the Message-ID answered ('' for a new conversation). */
  inReplyTo: string;
}

export const emptyDraft: ComposeDraft = { source: 'template', templateId: '', subject: '', bodyText: '', purpose: 'transactional', inReplyTo: '' };

/** A reply's subject: the conversation's subject with one "Re: " in front (never "Re: Re: "). */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^\s*((re|aw|sv|antw|fwd?|wg)\s*:\s*)+/i, '').trim();
  return `Re: ${bare}`;
}

/** The compose form prefilled to answer a message of a conversation: free text, its subject with "Re:", In-Reply-To set. */
export function replyDraft(subject: string, messageId: string): ComposeDraft {
  return { ...emptyDraft, source: 'text', subject: replySubject(subject), inReplyTo: messageId };
}

/** The fields of the compose form that server problems can name. */
export const COMPOSE_FIELDS = ['template_id', 'subject', 'body_text', 'purpose', 'in_reply_to'] as const;
export type ComposeField = (typeof COMPOSE_FIELDS)[number];

/** The request body: a template, or free subject and text, never both (the server would take the template). */
export function toNewEmail(draft: ComposeDraft): components['schemas']['NewEmail'] {
  const body: components['schemas']['NewEmail'] =
    draft.source === 'template'
      ? { template_id: draft.templateId || null, subject: null, body_text: null, purpose: draft.purpose }
      : { template_id: null, subject: draft.subject.trim(), body_text: draft.bodyText, purpose: draft.purpose };
  return draft.inReplyTo ? { ...body, in_reply_to: draft.inReplyTo } : body;
}

/** What the compose form refuses before sending, keyed by the server's field names. */
export function validateDraft(draft: ComposeDraft): Partial<Record<ComposeField, 'required'>> {
  if (draft.source === 'template') return draft.templateId ? {} : { template_id: 'required' };
  const errors: Partial<Record<ComposeField, 'required'>> = {};
  if (!draft.subject.trim()) errors.subject = 'required';
  if (!draft.bodyText.trim()) errors.body_text = 'required';
  return errors;
}
