-- Outbound webhooks: a workspace's subscriptions, one delivery per (subscription, outbox message), and every
-- attempt of a delivery. The outbox stays the one durable record of what happened; a trigger flags the rows
-- some active subscription wants, so the dispatcher reads a small partial index instead of the whole outbox.

create table webhook_subscriptions (
    workspace_id         uuid not null references workspaces (id),
    id                   uuid not null,
    url                  text not null,
    events               text[] not null,
    secret               text not null, -- encrypted with the Data Protection key ring; never returned
    active               boolean not null default true,
    disabled_reason      text,
    consecutive_failures integer not null default 0,
    failing_since        timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    primary key (workspace_id, id)
);

create table webhook_deliveries (
    workspace_id    uuid not null,
    id              uuid not null,
    subscription_id uuid not null,
    outbox_id       bigint not null,
    event           text not null,
    redelivery_of   uuid,
    status          text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz,
    leased_until    timestamptz,
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    primary key (workspace_id, id),
    foreign key (workspace_id, subscription_id) references webhook_subscriptions (workspace_id, id) on delete cascade,
    foreign key (workspace_id, outbox_id) references outbox (workspace_id, id) on delete cascade
);
-- One delivery per message and subscription, whoever dispatches it (several API nodes may).
create unique index webhook_deliveries_once_ux on webhook_deliveries (workspace_id, subscription_id, outbox_id) where redelivery_of is null;
create index webhook_deliveries_due_ix on webhook_deliveries (workspace_id, next_attempt_at) where status = 'pending';
create index webhook_deliveries_log_ix on webhook_deliveries (workspace_id, subscription_id, created_at desc, id desc);

create table webhook_attempts (
    workspace_id  uuid not null,
    delivery_id   uuid not null,
    attempt       integer not null,
    attempted_at  timestamptz not null,
    duration_ms   integer not null,
    status_code   integer,
    error         text,
    next_retry_at timestamptz,
    primary key (workspace_id, delivery_id, attempt),
    foreign key (workspace_id, delivery_id) references webhook_deliveries (workspace_id, id) on delete cascade
);

alter table webhook_subscriptions enable row level security;
alter table webhook_subscriptions force row level security;
create policy webhook_subscriptions_workspace on webhook_subscriptions
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

alter table webhook_deliveries enable row level security;
alter table webhook_deliveries force row level security;
create policy webhook_deliveries_workspace on webhook_deliveries
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

alter table webhook_attempts enable row level security;
alter table webhook_attempts force row level security;
create policy webhook_attempts_workspace on webhook_attempts
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Which workspaces the dispatcher visits: those with a subscription. Kept by trigger, so no writer can forget it.
alter table workspaces add column has_webhooks boolean not null default false;
create index workspaces_has_webhooks_ix on workspaces (id) where has_webhooks;

create function webhook_subscriptions_mark_workspace() returns trigger
    language plpgsql
    as $$
declare
    ws uuid := coalesce(new.workspace_id, old.workspace_id);
begin
    update workspaces w
    set has_webhooks = exists (select 1 from webhook_subscriptions s where s.workspace_id = ws)
    where w.id = ws;
    return null;
end
$$;
create trigger webhook_subscriptions_mark_workspace after insert or delete on webhook_subscriptions
    for each row execute function webhook_subscriptions_mark_workspace();

-- Outbox rows an active subscription of their workspace listens to; the dispatcher clears the flag when it has
-- turned the row into deliveries. A subscription only hears of changes made after it exists.
alter table outbox add column webhook_pending boolean not null default false;
create index outbox_webhook_pending_ix on outbox (workspace_id, id) where webhook_pending;

create function outbox_flag_webhooks() returns trigger
    language plpgsql
    as $$
begin
    new.webhook_pending := exists (
        select 1 from webhook_subscriptions s
        where s.workspace_id = new.workspace_id and s.active and new.topic = any (s.events));
    return new;
end
$$;
create trigger outbox_flag_webhooks before insert on outbox
    for each row execute function outbox_flag_webhooks();
