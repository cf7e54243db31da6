-- One person, several workspaces. `users` becomes the account (email, password, MFA, lockout, personal
-- preferences): global, found by credentials before any workspace is known, so outside row-level security
-- like before. What a workspace knows of a person — role, status, the name the team sees — moves to
-- `workspace_members`, one row per (workspace, account), under forced row-level security.
--
-- Two policies, both strict: a transaction scoped to a workspace (crm.workspace_id) reads and writes that
-- workspace's members only; a transaction scoped to an account (crm.account_id, set by the server for the
-- signed-in or just-authenticated account) may only *read* that account's own memberships, to list its
-- workspaces and pick one. No scope set: nothing visible.

alter table workspaces
    add column timezone text not null default 'UTC',
    add column currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$');

create function crm_current_account() returns uuid
    language sql stable
    as $$ select nullif(current_setting('crm.account_id', true), '')::uuid $$;

create table workspace_members (
    workspace_id  uuid not null references workspaces (id),
    user_id       uuid not null references users (id),
    role          text not null check (role in ('admin', 'manager', 'agent', 'readonly')),
    status        text not null check (status in ('invited', 'active', 'inactive')),
    first_name    text not null default '',
    last_name     text not null default '',
    invited_email text,          -- as the inviter typed it: shown while invited, so nothing of the account shows through
    last_login    timestamptz,
    last_used_at  timestamptz,   -- the last sign-in or switch into this workspace: where the next sign-in lands
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    primary key (workspace_id, user_id)
);
create index workspace_members_user_ix on workspace_members (user_id);

insert into workspace_members (workspace_id, user_id, role, status, first_name, last_name, last_login, last_used_at, created_at, updated_at)
select workspace_id, id, role, status, first_name, last_name, last_login, last_login, created_at, updated_at from users;

-- An invitation is to one workspace: the token says which (an existing account may be invited anywhere).
alter table one_time_tokens add column workspace_id uuid references workspaces (id);
update one_time_tokens t set workspace_id = u.workspace_id from users u where u.id = t.user_id and t.purpose = 'invitation';

alter table users
    drop column workspace_id,
    drop column role,
    drop column status,
    drop column first_name,
    drop column last_name;

alter table workspace_members enable row level security;
alter table workspace_members force row level security;
create policy workspace_members_workspace on workspace_members
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
create policy workspace_members_own_account on workspace_members for select
    using (user_id = crm_current_account());
