import { z } from 'zod';

/** Messages are i18n keys, translated when shown. */
export const workspaceSettingsSchema = z.object({
  name: z.string().trim().min(1, 'validation.required'),
  timezone: z.string().min(1, 'validation.required'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'validation.required'),
});
export type WorkspaceSettingsValues = z.input<typeof workspaceSettingsSchema>;
