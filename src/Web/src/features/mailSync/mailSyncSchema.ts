import { z } from 'zod';
import type { ImapSettingsInput, MailSyncView } from './mailSyncApi';

/** The IMAP form; messages are i18n keys, translated when shown. The password stays empty unless it is being changed. */
export const imapSchema = z
  .object({
    enabled: z.boolean(),
    host: z.string().trim().max(253, 'mailSync.validation.host').regex(/^[^\s/:]*$/, 'mailSync.validation.host'),
    port: z.string().trim().regex(/^\d{0,5}$/, 'mailSync.validation.port'),
    tls: z.boolean(),
    username: z.string().trim().max(320, 'validation.required'),
    password: z.string().max(1000, 'validation.required'),
    folder: z.string().trim().max(200, 'validation.required'),
  })
  .superRefine((values, context) => {
    const port = values.port === '' ? undefined : Number(values.port);
    if (port !== undefined && (port < 1 || port > 65535)) context.addIssue({ code: 'custom', path: ['port'], message: 'mailSync.validation.port' });
    if (!values.enabled) return;
    if (!values.host) context.addIssue({ code: 'custom', path: ['host'], message: 'validation.required' });
    if (!values.username) context.addIssue({ code: 'custom', path: ['username'], message: 'validation.required' });
  });

export type ImapFormValues = z.input<typeof imapSchema>;

export function imapFormValues(view: MailSyncView): ImapFormValues {
  const imap = view.imap;
  return {
    enabled: imap.enabled,
    host: imap.host ?? '',
    port: imap.port ? String(imap.port) : '',
    tls: imap.tls,
    username: imap.username ?? '',
    password: '',
    folder: imap.folder,
  };
}

/** The request: an empty password keeps the stored one, an empty port lets the server choose 993 or 143. */
export function toImapInput(values: ImapFormValues): ImapSettingsInput {
  return {
    enabled: values.enabled,
    host: values.host.trim() || null,
    port: values.port.trim() ? Number(values.port) : null,
    tls: values.tls,
    username: values.username.trim() || null,
    password: values.password ? values.password : null,
    folder: values.folder.trim() || null,
  };
}
