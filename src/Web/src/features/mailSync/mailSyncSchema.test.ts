import { describe, expect, it } from 'vitest';
import { imapSchema, toImapInput, type ImapFormValues } from './mailSyncSchema';

const values: ImapFormValues = { enabled: true, host: 'imap.example.com', port: '', tls: true, username: 'crm@example.com', password: '', folder: 'INBOX' };

describe('imap form', () => {
  it('keeps the stored password and lets the server pick the port when both are left empty', () => {
    expect(toImapInput(values)).toEqual({ enabled: true, host: 'imap.example.com', port: null, tls: true, username: 'crm@example.com', password: null, folder: 'INBOX' });
  });

  it('needs a host and a user only to poll', () => {
    const result = imapSchema.safeParse({ ...values, host: '', username: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['host', 'username']);
    expect(imapSchema.safeParse({ ...values, enabled: false, host: '', username: '' }).success).toBe(true);
  });

  it('refuses a port out of range and a host with a scheme', () => {
    expect(imapSchema.safeParse({ ...values, port: '70000' }).success).toBe(false);
    expect(imapSchema.safeParse({ ...values, host: 'imaps://imap.example.com' }).success).toBe(false);
  });
});
