import { anonymousApi, api } from '../api/client';
import { unwrap } from '../api/request';
import type { components } from '../api/schema';

// Types and calls of the identity endpoints in docs/auth.md, typed by the generated schema. The document types
// roles and statuses as plain strings; the app narrows them to the values docs/auth.md lists.

type Schemas = components['schemas'];

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
  'webhooks.manage',
  'integrations.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Tokens = Schemas['Tokens'];

/** The answer to a sign-in when the user has two-factor authentication. */
export type MfaChallenge = Schemas['MfaChallenge'];

/** Sign-in and accepting an invitation answer tokens, or a challenge when the user has a second factor. */
export type LoginAnswer = Tokens | MfaChallenge;

export function isMfaChallenge(answer: LoginAnswer): answer is MfaChallenge {
  return 'mfa_required' in answer && answer.mfa_required === true;
}

export type Workspace = Schemas['WorkspaceView'];

/** A workspace the signed-in person is a member of (the workspace switcher); `current` is this session's. */
export type Membership = Omit<Schemas['MembershipView'], 'role'> & { role: Role };

export type SignupInput = Pick<Schemas['SignupRequest'], 'workspace_name' | 'first_name' | 'last_name' | 'email' | 'password'>;

/** What the sign-in page may offer. */
export type AuthOptions = Schemas['AuthOptionsView'];

/** `mfa_setup_required`: the workspace requires MFA and this user has none yet (only /auth/* works until then). */
export type Me = Omit<Schemas['Me'], 'role' | 'status'> & { role: Role; status: UserStatus };

export type MeInput = Schemas['ProfileChanges'];

/** A signed-in session of the user; `current` is the one this browser uses. */
export type SessionInfo = Schemas['SessionView'];

export type MfaSetup = Schemas['MfaSetup'];

export type InvitationAcceptance = Schemas['InvitationAcceptance'];

// Sign-in (no credentials).

// The document lists only the MFA challenge as the 200 answer; tokens come on the same status.
export const login = (email: string, password: string) =>
  unwrap(anonymousApi.POST('/api/v1/auth/login', { body: { email, password } })) as Promise<LoginAnswer>;

export const verifyMfa = (mfaToken: string, code: string) =>
  unwrap(anonymousApi.POST('/api/v1/auth/mfa', { body: { mfa_token: mfaToken, code } }));

export const requestPasswordReset = (email: string) =>
  unwrap(anonymousApi.POST('/api/v1/auth/password-reset', { body: { email } }));

export const confirmPasswordReset = (token: string, newPassword: string) =>
  unwrap(anonymousApi.POST('/api/v1/auth/password-reset/confirm', { body: { token, new_password: newPassword } }));

/** Tokens, or an MFA challenge when the email already has an account with a second factor. */
export const acceptInvitation = (input: InvitationAcceptance) =>
  unwrap(anonymousApi.POST('/api/v1/auth/invitations/accept', { body: input })) as Promise<LoginAnswer>;

export const getAuthOptions = (signal?: AbortSignal) => unwrap(anonymousApi.GET('/api/v1/auth/options', { signal }));

/** Creates a workspace with its first admin and signs them in. */
export const signup = (input: SignupInput) => unwrap(anonymousApi.POST('/api/v1/auth/signup', { body: input }));

// The signed-in user.

export const getWorkspaces = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/auth/workspaces', { signal })) as Promise<{ items: Membership[] }>;

/** Tokens for another of the person's workspaces; this session ends. */
export const switchWorkspace = (workspaceId: string) =>
  unwrap(api.POST('/api/v1/auth/switch', { body: { workspace_id: workspaceId } }));

export const getMe = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/auth/me', { signal })) as Promise<Me>;

export const updateMe = (input: MeInput) => unwrap(api.PUT('/api/v1/auth/me', { body: input })) as Promise<Me>;

export const changePassword = (currentPassword: string, newPassword: string) =>
  unwrap(api.POST('/api/v1/auth/password', { body: { current_password: currentPassword, new_password: newPassword } }));

export const logoutEverywhere = () => unwrap(api.POST('/api/v1/auth/logout-all'));

export const getSessions = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/auth/sessions', { signal }));

export const revokeSession = (id: string) => unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));

export const setupMfa = () => unwrap(api.POST('/api/v1/auth/mfa/setup'));

export const enableMfa = (code: string) => unwrap(api.POST('/api/v1/auth/mfa/enable', { body: { code } }));

export const disableMfa = (password: string) => unwrap(api.POST('/api/v1/auth/mfa/disable', { body: { password } }));
