-- Orders, their items and refunds, a small product catalog, customer owners and external ids,
-- the customer timeline, and accent/case-insensitive search. All tenant tables: workspace_id + RLS.

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent() is only STABLE (it reads a dictionary); pinning the dictionary makes it safe to index.
create function crm_fold(value text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

alter table customers
    add column owner_id uuid,
    add column external_ids jsonb not null default '{}',
    add column lifetime_value_usd numeric(20, 4) not null default 0,
    add column average_order_value_usd numeric(20, 4) not null default 0,
    add column search_text text generated always as (
        crm_fold(first_name || ' ' || last_name || ' ' || last_name || first_name || ' ' || email || ' '
                 || coalesce(company_name, '') || ' ' || coalesce(phone, ''))
    ) stored;

create index customers_search_trgm on customers using gin (search_text gin_trgm_ops);
create index customers_first_name_prefix on customers (workspace_id, crm_fold(first_name) text_pattern_ops);
create index customers_last_name_prefix on customers (workspace_id, crm_fold(last_name) text_pattern_ops);
create index customers_full_name_prefix on customers (workspace_id, crm_fold(last_name || first_name) text_pattern_ops);
create index customers_status_ix on customers (workspace_id, status, created_at desc, id desc);
create index customers_ltv_ix on customers (workspace_id, lifetime_value_usd desc, id desc);
create index customers_owner_ix on customers (workspace_id, owner_id, created_at desc) where owner_id is not null;
create index customers_tags_gin on customers using gin (tags);
create index customers_custom_fields_gin on customers using gin (custom_fields jsonb_path_ops);

-- One row per (source, id) so an integration's id finds its customer, and no id is claimed twice.
create table customer_external_ids (
    workspace_id uuid not null references workspaces (id),
    source       text not null check (source ~ '^[a-z][a-z0-9_]{0,31}$'),
    external_id  text not null check (length(external_id) between 1 and 128),
    customer_id  uuid not null,
    primary key (workspace_id, source, external_id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);
create index customer_external_ids_customer on customer_external_ids (workspace_id, customer_id);

create table products (
    workspace_id uuid not null references workspaces (id),
    id           uuid not null,
    sku          text not null,
    name         text not null,
    price        numeric(20, 4) not null check (price >= 0),
    currency     char(3) not null,
    created_at   timestamptz not null default now(),
    primary key (workspace_id, id),
    unique (workspace_id, sku)
);

create table orders (
    workspace_id        uuid not null references workspaces (id),
    id                  uuid not null,
    customer_id         uuid not null,
    order_number        text not null,
    status              text not null check (status in ('pending', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded')),
    payment_status      text not null check (payment_status in ('pending', 'authorized', 'paid', 'partially_refunded', 'refunded', 'voided', 'failed')),
    currency            char(3) not null,
    subtotal_amount     numeric(20, 4) not null,
    tax_amount          numeric(20, 4) not null default 0,
    shipping_amount     numeric(20, 4) not null default 0,
    discount_amount     numeric(20, 4) not null default 0,
    total_amount        numeric(20, 4) not null check (total_amount >= 0),
    refunded_amount     numeric(20, 4) not null default 0,
    total_amount_usd    numeric(20, 4) not null,
    refunded_amount_usd numeric(20, 4) not null default 0,
    fx_rate_date        date,
    shipping_country    char(2),
    shipping_address    jsonb,
    carrier             text,
    tracking_number     text,
    tracking_url        text,
    source              text not null,
    notes               text,
    refunds             jsonb not null default '[]',
    ordered_at          timestamptz not null,
    shipped_at          timestamptz,
    delivered_at        timestamptz,
    cancelled_at        timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             integer not null,
    primary key (workspace_id, id),
    unique (workspace_id, order_number),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
create index orders_customer_ix on orders (workspace_id, customer_id, ordered_at desc);
create index orders_created_ix on orders (workspace_id, created_at desc, id desc);
create index orders_status_ix on orders (workspace_id, status, created_at desc, id desc);
create index orders_number_trgm on orders using gin (order_number gin_trgm_ops);

create table order_items (
    workspace_id uuid not null,
    order_id     uuid not null,
    position     integer not null,
    id           uuid not null,
    product_id   text not null,
    product_name text not null,
    sku          text,
    quantity     integer not null check (quantity > 0),
    unit_price   numeric(20, 4) not null check (unit_price >= 0),
    total_price  numeric(20, 4) not null check (total_price >= 0),
    primary key (workspace_id, order_id, position),
    foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade
);
create index order_items_product_ix on order_items (workspace_id, product_id);

-- Everything that happened to a customer, newest first; the grain keeps the recent part in memory.
create table timeline_entries (
    workspace_id uuid not null references workspaces (id),
    customer_id  uuid not null,
    id           bigint generated always as identity,
    occurred_at  timestamptz not null default now(),
    kind         text not null,
    entity_id    uuid,
    data         jsonb not null default '{}',
    primary key (workspace_id, customer_id, id)
);
create index timeline_entries_recent on timeline_entries (workspace_id, customer_id, occurred_at desc, id desc);

do $$
declare t text;
begin
    foreach t in array array['customer_external_ids', 'products', 'orders', 'order_items', 'timeline_entries'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy %I on %I using (workspace_id = crm_current_workspace()) with check (workspace_id = crm_current_workspace())', t || '_workspace', t);
    end loop;
end $$;
