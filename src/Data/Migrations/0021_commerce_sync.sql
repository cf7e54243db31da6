-- Backfill and reconciliation of connected shops: one sync job per shop (the current or the last one) with its
-- checkpoint, so a sync interrupted by a crash resumes where it stopped, and its progress for the UI.

create table commerce_sync_jobs (
    workspace_id      uuid        not null,
    shop_id           uuid        not null,
    -- full: everything the shop has (Shopify bulk operations, WooCommerce pages); catch_up: changed since `since`.
    kind              text        not null check (kind in ('full', 'catch_up')),
    status            text        not null check (status in ('queued', 'running', 'succeeded', 'failed')),
    -- Checkpoint: the phase (customers, orders, products), the cursor or page within it, a running bulk operation.
    phase             text        not null default 'customers',
    cursor            text,
    bulk_operation_id text,
    since             timestamptz,
    -- The newest updated_at seen: the next catch-up starts there.
    high_water        timestamptz,
    total             bigint      not null default 0,
    customers_done    bigint      not null default 0,
    orders_done       bigint      not null default 0,
    products_done     bigint      not null default 0,
    started_at        timestamptz not null,
    updated_at        timestamptz not null,
    finished_at       timestamptz,
    last_success_at   timestamptz,
    last_error        text,
    primary key (workspace_id, shop_id),
    foreign key (workspace_id, shop_id) references commerce_shops (workspace_id, id) on delete cascade
);
alter table commerce_sync_jobs enable row level security;
alter table commerce_sync_jobs force row level security;
create policy commerce_sync_jobs_workspace on commerce_sync_jobs
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Which shops have a sync due, read across workspaces by the sync runner (like the routes it extends, no row-level
-- security and nothing but the schedule). A node running a sync holds a lease it renews; a crashed node's lease runs
-- out and another node (or the restarted one) resumes the job from its checkpoint.
alter table commerce_shop_routes add column sync_due_at timestamptz;
alter table commerce_shop_routes add column sync_leased_until timestamptz;
create index commerce_shop_routes_sync_due_ix on commerce_shop_routes (sync_due_at) where sync_due_at is not null;
