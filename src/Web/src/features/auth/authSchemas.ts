import { z } from 'zod';

/** docs/auth.md's password policy; the server also refuses commonly used passwords. */
export const PASSWORD_LENGTH = { min: 12, max: 128 } as const;

/** Zod messages are i18n keys, translated when shown so they follow language switches. */
export type AuthValidationKey =
  | 'validation.required'
  | 'validation.email'
  | 'validation.passwordTooShort'
  | 'validation.passwordTooLong'
  | 'validation.passwordContainsEmail'
  | 'validation.passwordMismatch'
  | 'validation.mfaCode'
  | 'validation.scopes';

const message = (key: AuthValidationKey) => key;

/** The values the validation messages interpolate. */
export const validationValues = { min: PASSWORD_LENGTH.min, max: PASSWORD_LENGTH.max };

export const loginSchema = z.object({
  email: z.string().trim().min(1, message('validation.required')).pipe(z.email(message('validation.email'))),
  password: z.string().min(1, message('validation.required')),
});
export type LoginValues = z.input<typeof loginSchema>;

/** A 6-digit code from the authenticator app, or one of the recovery codes ("abcd-efgh"). */
export const MFA_CODE_PATTERN = /^(\d{6}|[A-Za-z0-9]{4,}-?[A-Za-z0-9]{4,})$/;

export const mfaCodeSchema = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, message('validation.required')).regex(MFA_CODE_PATTERN, message('validation.mfaCode'))),
});
export type MfaCodeValues = z.input<typeof mfaCodeSchema>;

/** Only the 6-digit app code: confirming a new MFA setup takes no recovery code. */
export const totpCodeSchema = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().min(1, message('validation.required')).regex(/^\d{6}$/, message('validation.mfaCode'))),
});

/**
 * A new password and its repetition. With the user's email known, a password containing the
 * email's local part is refused here already, as the server would.
 */
export function newPasswordFields(email?: string) {
  const localPart = email?.split('@')[0]?.trim().toLowerCase() ?? '';
  return {
    password: z
      .string()
      .min(PASSWORD_LENGTH.min, message('validation.passwordTooShort'))
      .max(PASSWORD_LENGTH.max, message('validation.passwordTooLong'))
      .refine((value) => localPart === '' || !value.toLowerCase().includes(localPart), message('validation.passwordContainsEmail')),
    confirm: z.string().min(1, message('validation.required')),
  };
}

export function matchingPasswords<Values extends { password: string; confirm: string }>(values: Values, context: z.RefinementCtx) {
  if (values.password !== values.confirm) {
    context.addIssue({ code: 'custom', path: ['confirm'], message: message('validation.passwordMismatch') });
  }
}

export const resetPasswordSchema = z.object(newPasswordFields()).superRefine(matchingPasswords);
export type ResetPasswordValues = z.input<typeof resetPasswordSchema>;

export const acceptInvitationSchema = z
  .object({
    first_name: z.string().trim().min(1, message('validation.required')),
    last_name: z.string().trim().min(1, message('validation.required')),
    ...newPasswordFields(),
  })
  .superRefine(matchingPasswords);
export type AcceptInvitationValues = z.input<typeof acceptInvitationSchema>;

export const signupSchema = z
  .object({
    workspace_name: z.string().trim().min(1, message('validation.required')),
    first_name: z.string().trim().min(1, message('validation.required')),
    last_name: z.string().trim().min(1, message('validation.required')),
    email: loginSchema.shape.email,
  })
  .extend(newPasswordFields())
  .superRefine((values, context) => {
    matchingPasswords(values, context);
    const localPart = values.email.split('@')[0]?.trim().toLowerCase() ?? '';
    if (localPart !== '' && values.password.toLowerCase().includes(localPart)) {
      context.addIssue({ code: 'custom', path: ['password'], message: message('validation.passwordContainsEmail') });
    }
  });
export type SignupValues = z.input<typeof signupSchema>;

export const profileSchema = z.object({
  first_name: z.string().trim().min(1, message('validation.required')),
  last_name: z.string().trim().min(1, message('validation.required')),
  timezone: z.string().min(1, message('validation.required')),
  language: z.string().min(1, message('validation.required')),
});
export type ProfileValues = z.input<typeof profileSchema>;

export function changePasswordSchema(email: string) {
  return z
    .object({ current: z.string().min(1, message('validation.required')), ...newPasswordFields(email) })
    .superRefine(matchingPasswords);
}
export type ChangePasswordValues = z.input<ReturnType<typeof changePasswordSchema>>;

export const disableMfaSchema = z.object({ password: z.string().min(1, message('validation.required')) });
export type DisableMfaValues = z.input<typeof disableMfaSchema>;

export const forgotPasswordSchema = z.object({
  email: loginSchema.shape.email,
});
export type ForgotPasswordValues = z.input<typeof forgotPasswordSchema>;
