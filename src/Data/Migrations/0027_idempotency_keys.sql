-- Idempotency-Key records: one per workspace, caller and key. A request claims its key before it runs
-- (claimed_at is its in-flight lease); the change journal fills entity_type/entity_id in the same transaction
-- as the change, so a committed change is known even when its answer never left the node; the stored answer
-- (status, headers, body) is written after the handler returns and replayed to retries until expires_at.
create table idempotency_keys (
    workspace_id uuid not null references workspaces (id),
    actor text not null,
    key text not null,
    request_hash text not null,
    claimed_at timestamptz not null default now(),
    expires_at timestamptz not null,
    entity_type text,
    entity_id uuid,
    entity_action text,
    response_status int,
    response_headers jsonb,
    response_body bytea,
    primary key (workspace_id, actor, key)
);

create index idempotency_keys_expires_ix on idempotency_keys (workspace_id, expires_at);

alter table idempotency_keys enable row level security;
alter table idempotency_keys force row level security;
create policy idempotency_keys_workspace on idempotency_keys
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
