-- Workspaces (tenants) and the first tenant tables: customers, the audit log and the outbox.
-- Every tenant table carries workspace_id and is guarded by row-level security against the
-- transaction-local setting crm.workspace_id (see WorkspaceSession). FORCE applies it to the owner too.

create function crm_current_workspace() returns uuid
    language sql stable
    as $$ select nullif(current_setting('crm.workspace_id', true), '')::uuid $$;

create table workspaces (
    id         uuid primary key,
    slug       text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text not null,
    created_at timestamptz not null default now()
);

create table customers (
    workspace_id        uuid not null references workspaces (id),
    id                  uuid not null,
    first_name          text not null,
    last_name           text not null,
    email               text not null,
    phone               text,
    company_name        text,
    country_code        char(2) not null,
    region              text,
    city                text,
    postal_code         text,
    timezone            text not null,
    language            text not null,
    currency            char(3) not null,
    status              text not null check (status in ('active', 'inactive', 'vip', 'blocked')),
    tags                text[] not null default '{}',
    custom_fields       jsonb not null default '{}',
    lifetime_value      numeric(20, 4) not null default 0,
    total_orders        integer not null default 0,
    average_order_value numeric(20, 4) not null default 0,
    first_order_date    timestamptz,
    last_order_date     timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             integer not null,
    primary key (workspace_id, id)
);

-- Email is unique per workspace, case-insensitively; the same address may exist in another workspace.
create unique index customers_email_uq on customers (workspace_id, lower(email));
-- The default list order (newest first) with the id as tie-breaker for keyset pagination.
create index customers_created_ix on customers (workspace_id, created_at desc, id desc);
create index customers_country_ix on customers (workspace_id, country_code);

alter table customers enable row level security;
alter table customers force row level security;
create policy customers_workspace on customers
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Append-only record of every change (and, later, every read of personal data).
create table audit_log (
    workspace_id   uuid not null references workspaces (id),
    id             bigint generated always as identity,
    occurred_at    timestamptz not null default now(),
    actor          text not null,
    action         text not null,
    entity_type    text not null,
    entity_id      uuid,
    before         jsonb,
    after          jsonb,
    request_id     text,
    remote_address text,
    primary key (workspace_id, id)
);
create index audit_log_entity_ix on audit_log (workspace_id, entity_id, occurred_at desc);

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy audit_log_workspace on audit_log
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

create function audit_log_is_append_only() returns trigger
    language plpgsql
    as $$ begin raise exception 'audit_log is append-only'; end $$;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only();

-- Side effects (webhooks, analytics, emails) are driven from here, written with the change they follow.
create table outbox (
    workspace_id uuid not null references workspaces (id),
    id           bigint generated always as identity,
    occurred_at  timestamptz not null default now(),
    topic        text not null,
    entity_id    uuid,
    payload      jsonb not null,
    processed_at timestamptz,
    attempts     integer not null default 0,
    primary key (workspace_id, id)
);
create index outbox_pending_ix on outbox (occurred_at) where processed_at is null;

alter table outbox enable row level security;
alter table outbox force row level security;
create policy outbox_workspace on outbox
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
