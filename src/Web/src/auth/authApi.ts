import { apiRequest } from '../api/request';

// Types and calls of the identity endpoints in docs/auth.md. They are not in the OpenAPI document
// (openapi/v1.json) yet; once they are, these can become aliases of the generated types.

export const ROLES = ['admin', 'manager', 'agent', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['invited', 'active', 'inactive'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The permission names of docs/auth.md's roles table, as listed in Me.permissions. */
export const PERMISSIONS = [
  'customers.read',
  'customers.write',
  'customers.bulk',
  'customers.export',
  'orders.read',
  'orders.write',
  'products.write',
  'settings.custom_fields',
  'settings.fx',
  'users.read',
  'users.manage',
  'api_keys.manage',
  'audit.read',
  'gdpr',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface Tokens {
  access_token: string;
  refresh_token: string;
  /** Seconds the access token is valid. */
  expires_in: number;
  token_type: string;
}

/** The answer to a sign-in when the user has two-factor authentication. */
export interface MfaChallenge {
  mfa_required: true;
  mfa_token: string;
  expires_in: number;
}

export type LoginAnswer = Tokens | MfaChallenge;

export function isMfaChallenge(answer: LoginAnswer): answer is MfaChallenge {
  return 'mfa_required' in answer && answer.mfa_required === true;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  require_mfa: boolean;
  /** IANA time zone, e.g. Europe/Berlin. */
  timezone?: string;
  /** ISO 4217 default currency, e.g. EUR. */
  currency?: string;
}

/** A workspace the signed-in person is a member of (the workspace switcher). */
export interface Membership {
  id: string;
  slug: string;
  name: string;
  role: Role;
  /** The workspace this session acts in. */
  current: boolean;
}

export interface SignupInput {
  workspace_name: string;
  first_name: string;
  last_name: string;
  email: string;
  password: string;
}

/** What the sign-in page may offer. */
export interface AuthOptions {
  signup_enabled: boolean;
}

export interface Me {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  avatar_url: string | null;
  timezone: string;
  language: string;
  role: Role;
  status: UserStatus;
  mfa_enabled: boolean;
  last_login: string | null;
  workspace: Workspace;
  permissions: string[];
  /** The workspace requires MFA and this user has none yet: only /auth/* works until they set it up. */
  mfa_setup_required?: boolean;
}

export interface MeInput {
  first_name: string;
  last_name: string;
  timezone: string;
  language: string;
  avatar_url: string | null;
}

export interface SessionInfo {
  id: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
  /** The session this browser is using. */
  current: boolean;
}

export interface MfaSetup {
  secret: string;
  otpauth_uri: string;
}

export interface InvitationAcceptance {
  token: string;
  password: string;
  first_name: string;
  last_name: string;
}

// Sign-in (no credentials).

export const login = (email: string, password: string) =>
  apiRequest<LoginAnswer>('POST', '/auth/login', { body: { email, password }, anonymous: true });

export const verifyMfa = (mfaToken: string, code: string) =>
  apiRequest<Tokens>('POST', '/auth/mfa', { body: { mfa_token: mfaToken, code }, anonymous: true });

export const requestPasswordReset = (email: string) =>
  apiRequest<void>('POST', '/auth/password-reset', { body: { email }, anonymous: true });

export const confirmPasswordReset = (token: string, newPassword: string) =>
  apiRequest<void>('POST', '/auth/password-reset/confirm', { body: { token, new_password: newPassword }, anonymous: true });

/** Tokens, or an MFA challenge when the email already has an account with a second factor. */
export const acceptInvitation = (input: InvitationAcceptance) =>
  apiRequest<LoginAnswer>('POST', '/auth/invitations/accept', { body: input, anonymous: true });

export const getAuthOptions = (signal?: AbortSignal) =>
  apiRequest<AuthOptions>('GET', '/auth/options', { signal, anonymous: true });

/** Creates a workspace with its first admin and signs them in. */
export const signup = (input: SignupInput) => apiRequest<Tokens>('POST', '/auth/signup', { body: input, anonymous: true });

// The signed-in user.

export const getWorkspaces = (signal?: AbortSignal) =>
  apiRequest<{ items: Membership[] }>('GET', '/auth/workspaces', { signal });

/** Tokens for another of the person's workspaces; this session ends. */
export const switchWorkspace = (workspaceId: string) =>
  apiRequest<Tokens>('POST', '/auth/switch', { body: { workspace_id: workspaceId } });

export const getMe = (signal?: AbortSignal) => apiRequest<Me>('GET', '/auth/me', { signal });

export const updateMe = (input: MeInput) => apiRequest<Me>('PUT', '/auth/me', { body: input });

export const changePassword = (currentPassword: string, newPassword: string) =>
  apiRequest<void>('POST', '/auth/password', { body: { current_password: currentPassword, new_password: newPassword } });

export const logoutEverywhere = () => apiRequest<void>('POST', '/auth/logout-all');

export const getSessions = (signal?: AbortSignal) => apiRequest<SessionInfo[]>('GET', '/auth/sessions', { signal });

export const revokeSession = (id: string) => apiRequest<void>('DELETE', `/auth/sessions/${encodeURIComponent(id)}`);

export const setupMfa = () => apiRequest<MfaSetup>('POST', '/auth/mfa/setup');

export const enableMfa = (code: string) => apiRequest<{ recovery_codes: string[] }>('POST', '/auth/mfa/enable', { body: { code } });

export const disableMfa = (password: string) => apiRequest<void>('POST', '/auth/mfa/disable', { body: { password } });
