-- Team members, their sessions, API keys and single-use tokens; audit retention and erasure hooks.
-- These tables are the identity directory, like workspaces: they are found by credentials (an email, a token
-- hash, a key hash) before any workspace is known, so they are not under row-level security. Every query on
-- them that starts from a signed-in caller names the caller's workspace (Data/Identity).

alter table workspaces add column require_mfa boolean not null default false;

create table users (
    id              uuid primary key,
    workspace_id    uuid not null references workspaces (id),
    email           text not null,
    password_hash   text,
    first_name      text not null default '',
    last_name       text not null default '',
    avatar_url      text,
    timezone        text not null default 'UTC',
    language        text not null default 'en',
    role            text not null check (role in ('admin', 'manager', 'agent', 'readonly')),
    status          text not null check (status in ('invited', 'active', 'inactive')),
    last_login      timestamptz,
    failed_logins   integer not null default 0,
    locked_until    timestamptz,
    mfa_secret      text,          -- Data Protection ciphertext, never the plain secret
    mfa_enabled     boolean not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
-- One account per email across the service: sign-in takes an email and finds its workspace.
create unique index users_email_uq on users (lower(email));
create index users_workspace_ix on users (workspace_id, created_at);

-- A session is a family of refresh tokens: each refresh spends one token and issues the next. Presenting a
-- spent token again means it was stolen, and the whole family is revoked.
create table user_sessions (
    id            uuid primary key,
    user_id       uuid not null references users (id),
    workspace_id  uuid not null references workspaces (id),
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz not null default now(),
    expires_at    timestamptz not null,
    revoked_at    timestamptz,
    revoked_why   text,
    user_agent    text,
    ip            text
);
create index user_sessions_user_ix on user_sessions (user_id) where revoked_at is null;

create table refresh_tokens (
    token_hash  bytea primary key,  -- SHA-256 of the token; the token itself is never stored
    session_id  uuid not null references user_sessions (id),
    issued_at   timestamptz not null default now(),
    spent_at    timestamptz
);
create index refresh_tokens_session_ix on refresh_tokens (session_id);

create table mfa_recovery_codes (
    user_id    uuid not null references users (id),
    code_hash  text not null,       -- bcrypt
    used_at    timestamptz
);
create index mfa_recovery_codes_user_ix on mfa_recovery_codes (user_id);

-- Password resets and invitations: single use, expiring; only the hash is kept.
create table one_time_tokens (
    token_hash  bytea primary key,
    purpose     text not null check (purpose in ('password_reset', 'invitation')),
    user_id     uuid not null references users (id),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null default now()
);

create table api_keys (
    id            uuid primary key,
    workspace_id  uuid not null references workspaces (id),
    name          text not null,
    prefix        text not null,    -- the first characters, to recognise a key in lists and logs
    key_hash      bytea not null unique,
    scopes        text[] not null,
    created_by    uuid references users (id),
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_keys_workspace_ix on api_keys (workspace_id, created_at);

-- Audit: filter by who acted, and by time.
create index audit_log_actor_ix on audit_log (workspace_id, actor, occurred_at desc);
create index audit_log_time_ix on audit_log (workspace_id, occurred_at desc);

-- The audit log stays append-only, with two deliberate, narrow exceptions, each switched on for one
-- transaction by the code that needs it: retention deletes rows older than the workspace keeps
-- (crm.audit_retention = 'on'), and GDPR erasure blanks the personal data in before/after snapshots
-- (crm.audit_erasure = 'on'; nothing else in the row may change).
create or replace function audit_log_is_append_only() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'DELETE' and current_setting('crm.audit_retention', true) = 'on' then
        return old;
    end if;
    if tg_op = 'UPDATE' and current_setting('crm.audit_erasure', true) = 'on'
       and new.id = old.id and new.workspace_id = old.workspace_id and new.occurred_at = old.occurred_at
       and new.actor = old.actor and new.action = old.action and new.entity_type = old.entity_type
       and new.entity_id is not distinct from old.entity_id then
        return new;
    end if;
    raise exception 'audit_log is append-only';
end
$$;

-- Data Protection keys (ASP.NET Core), shared by every node: they encrypt MFA secrets and integration
-- secrets at rest. Not tenant data.
create table data_protection_keys (
    friendly_name text primary key,
    xml           text not null,
    created_at    timestamptz not null default now()
);

-- The key that signs access tokens, shared by every API node; stored encrypted with Data Protection.
create table token_signing_keys (
    id            text primary key,
    protected_key text not null,
    created_at    timestamptz not null default now()
);
