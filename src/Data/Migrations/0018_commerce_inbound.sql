-- Inbound commerce webhooks (Shopify, WooCommerce): connected shops, the durable inbox every webhook lands in
-- before its answer, and the links from a shop's ids to this workspace's customers, orders and products.

-- A connected shop. Secrets are encrypted by the application (Data Protection) and never leave it.
create table commerce_shops (
    workspace_id             uuid        not null references workspaces (id),
    id                       uuid        not null,
    platform                 text        not null check (platform in ('shopify', 'woocommerce')),
    -- Shopify: the myshopify.com domain; WooCommerce: the site URL (scheme + host + path, no trailing slash).
    domain                   text        not null check (length(domain) between 1 and 255),
    -- The key of this shop's customer ids in customers.external_ids ("shopify", "shopify_2", "woocommerce").
    source_key               text        not null check (source_key ~ '^[a-z][a-z0-9_]{0,31}$'),
    webhook_secret_protected text        not null,
    access_token_protected   text,
    consumer_key_protected   text,
    consumer_secret_protected text,
    status                   text        not null default 'connected' check (status in ('connected', 'disconnected')),
    created_at               timestamptz not null,
    disconnected_at          timestamptz,
    primary key (workspace_id, id),
    unique (workspace_id, source_key)
);
alter table commerce_shops enable row level security;
alter table commerce_shops force row level security;
create policy commerce_shops_workspace on commerce_shops
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Which workspace a webhook belongs to. A webhook carries no credentials but its shop's domain (or the shop id in
-- its URL), so this lookup happens before a workspace is known: like the identity tables it has no row-level
-- security, and it holds nothing but the route. One shop domain feeds one workspace.
create table commerce_shop_routes (
    shop_id      uuid primary key,
    workspace_id uuid not null references workspaces (id),
    platform     text not null,
    domain       text not null,
    unique (platform, domain),
    foreign key (workspace_id, shop_id) references commerce_shops (workspace_id, id) on delete cascade
);

-- Every accepted webhook, raw, written before the 200. The drain (any API node, FOR UPDATE SKIP LOCKED) reads
-- pending rows across workspaces in batches, so this queue has no row-level security; each row names its
-- workspace and is applied inside a session of that workspace.
create table commerce_inbox (
    id              bigint      generated always as identity primary key,
    workspace_id    uuid        not null,
    shop_id         uuid        not null,
    topic           text        not null,
    -- Shopify: X-Shopify-Event-Id (or X-Shopify-Webhook-Id); WooCommerce: delivery id + resource id + modified date.
    dedup_key       text        not null,
    -- The entity the event changes ("order:820982911946154508"): events of one entity are applied in arrival order.
    entity_key      text        not null,
    triggered_at    timestamptz,
    headers         jsonb       not null,
    body            bytea       not null,
    received_at     timestamptz not null default now(),
    status          text        not null default 'pending' check (status in ('pending', 'processed', 'dead')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    processed_at    timestamptz,
    unique (shop_id, dedup_key),
    foreign key (workspace_id, shop_id) references commerce_shops (workspace_id, id) on delete cascade
);
create index commerce_inbox_pending_ix on commerce_inbox (next_attempt_at, id) where status = 'pending';
create index commerce_inbox_shop_ix on commerce_inbox (shop_id, status);
create index commerce_inbox_dead_ix on commerce_inbox (workspace_id, id) where status = 'dead';

-- A shop's customer, order or product and the local row it became, with the source's updated_at last applied
-- (older events are stale and ignored).
create table commerce_links (
    workspace_id      uuid        not null references workspaces (id),
    shop_id           uuid        not null,
    kind              text        not null check (kind in ('customer', 'order', 'product')),
    external_id       text        not null,
    local_id          uuid        not null,
    source_updated_at timestamptz,
    -- Orders: the totals in the shop's currency and in the buyer's (Shopify shop_money / presentment_money).
    shop_currency         char(3),
    shop_total            numeric(20, 4),
    presentment_currency  char(3),
    presentment_total     numeric(20, 4),
    primary key (workspace_id, shop_id, kind, external_id),
    foreign key (workspace_id, shop_id) references commerce_shops (workspace_id, id) on delete cascade
);
create index commerce_links_local_ix on commerce_links (workspace_id, local_id);
alter table commerce_links enable row level security;
alter table commerce_links force row level security;
create policy commerce_links_workspace on commerce_links
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
