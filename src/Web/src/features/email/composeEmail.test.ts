import { describe, expect, it } from 'vitest';
import { emptyDraft, replyDraft, replySubject, toNewEmail, validateDraft } from './composeEmail';

describe('toNewEmail', () => {
  it('sends only the template when a template is chosen', () => {
    expect(toNewEmail({ ...emptyDraft, templateId: 't1', subject: 'left over', bodyText: 'left over', purpose: 'marketing' })).toEqual({
      template_id: 't1',
      subject: null,
      body_text: null,
      purpose: 'marketing',
    });
  });

  it('sends the trimmed subject and the text as written without a template', () => {
    expect(toNewEmail({ ...emptyDraft, source: 'text', templateId: 't1', subject: '  Hallo ', bodyText: 'Zeile 1\n' })).toEqual({
      template_id: null,
      subject: 'Hallo',
      body_text: 'Zeile 1\n',
      purpose: 'transactional',
    });
  });
});

describe('validateDraft', () => {
  it('asks for a template, or for subject and text', () => {
    expect(validateDraft(emptyDraft)).toEqual({ template_id: 'required' });
    expect(validateDraft({ ...emptyDraft, templateId: 't1' })).toEqual({});
    expect(validateDraft({ ...emptyDraft, source: 'text', subject: ' ' })).toEqual({ subject: 'required', body_text: 'required' });
    expect(validateDraft({ ...emptyDraft, source: 'text', subject: 'Hi', bodyText: 'Text' })).toEqual({});
  });
});

describe('replies', () => {
  it('puts one Re: in front of the conversation subject, whatever prefixes it had', () => {
    expect(replySubject('Your order')).toBe('Re: Your order');
    expect(replySubject('AW: Re: Your order')).toBe('Re: Your order');
  });

  it('sends the answered Message-ID with a free-text reply', () => {
    const draft = { ...replyDraft('Delivery', 'abc@mail.example'), bodyText: 'Tomorrow.' };
    expect(toNewEmail(draft)).toEqual({ template_id: null, subject: 'Re: Delivery', body_text: 'Tomorrow.', purpose: 'transactional', in_reply_to: 'abc@mail.example' });
  });
});
