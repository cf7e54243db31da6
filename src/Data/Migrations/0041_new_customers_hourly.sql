-- New customers per UTC hour and country, for customer growth: a zone whose offsets are whole hours buckets whole UTC
-- hours into its own days, weeks and months, so the report sums a few thousand rows instead of grouping every customer.
-- Triggers on customers keep it exact in the writing transaction (inserts, a changed country or creation time, deletes),
-- as signed sums upserted in key order like revenue_hourly.
--
-- Each rollup has one function that applies a statement's changes (rows of the rollup's own type, signed), so its
-- insert, update and delete triggers only say which rows changed; revenue_hourly's triggers are folded onto one too.
create table new_customers_hourly (
    workspace_id uuid        not null references workspaces (id),
    hour         timestamptz not null,
    country_code char(2)     not null,
    customers    integer     not null,
    primary key (workspace_id, hour, country_code)
);

alter table new_customers_hourly enable row level security;
alter table new_customers_hourly force row level security;
create policy new_customers_hourly_workspace on new_customers_hourly
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Changes that cancel out (an update that moved nothing counted) write nothing.
create function crm_new_customers_hourly_add(changes new_customers_hourly[]) returns void
    language sql
    as $$
    insert into new_customers_hourly as r (workspace_id, hour, country_code, customers)
    select c.workspace_id, c.hour, c.country_code, sum(c.customers)
    from unnest(changes) c
    group by 1, 2, 3
    having sum(c.customers) <> 0
    order by 1, 2, 3
    on conflict (workspace_id, hour, country_code) do update set customers = r.customers + excluded.customers;
$$;

create function crm_new_customers_hourly_on_change() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        perform crm_new_customers_hourly_add(array(
            select row(n.workspace_id, date_trunc('hour', n.created_at, 'UTC'), n.country_code, 1)::new_customers_hourly from new_customers n));
    elsif tg_op = 'DELETE' then
        perform crm_new_customers_hourly_add(array(
            select row(o.workspace_id, date_trunc('hour', o.created_at, 'UTC'), o.country_code, -1)::new_customers_hourly from old_customers o));
    else
        perform crm_new_customers_hourly_add(array(
            select row(n.workspace_id, date_trunc('hour', n.created_at, 'UTC'), n.country_code, 1)::new_customers_hourly from new_customers n
            union all
            select row(o.workspace_id, date_trunc('hour', o.created_at, 'UTC'), o.country_code, -1)::new_customers_hourly from old_customers o));
    end if;
    return null;
end
$$;

create trigger customers_new_customers_hourly_insert after insert on customers
    referencing new table as new_customers for each statement execute function crm_new_customers_hourly_on_change();
create trigger customers_new_customers_hourly_update after update on customers
    referencing old table as old_customers new table as new_customers for each statement execute function crm_new_customers_hourly_on_change();
create trigger customers_new_customers_hourly_delete after delete on customers
    referencing old table as old_customers for each statement execute function crm_new_customers_hourly_on_change();

-- The customers already there (the owner runs this under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into new_customers_hourly (workspace_id, hour, country_code, customers)
        select workspace_id, date_trunc('hour', created_at, 'UTC'), country_code, count(*)
        from customers
        where workspace_id = ws
        group by 1, 2, 3;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;
-- Statistics now, not when autovacuum comes by: with none the planner takes the table for empty and sorts it on disk.
analyze new_customers_hourly;

-- revenue_hourly: the same shape, one upsert for its three triggers (which keep their functions' names).
create function crm_revenue_hourly_add(changes revenue_hourly[]) returns void
    language sql
    as $$
    insert into revenue_hourly as r (workspace_id, hour, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
    select c.workspace_id, c.hour, c.country_code, c.currency, sum(c.orders), sum(c.revenue), sum(c.revenue_usd), sum(c.usd_pending_orders)
    from unnest(changes) c
    group by 1, 2, 3, 4
    having sum(c.orders) <> 0 or sum(c.revenue) <> 0 or sum(c.revenue_usd) <> 0 or sum(c.usd_pending_orders) <> 0
    order by 1, 2, 3, 4
    on conflict on constraint revenue_hourly_key do update
        set orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue,
            revenue_usd = r.revenue_usd + excluded.revenue_usd, usd_pending_orders = r.usd_pending_orders + excluded.usd_pending_orders;
$$;

-- An order's signed contribution to its hour; nothing when cancelled or refunded.
create function crm_revenue_hourly_row(o orders, sign integer) returns revenue_hourly
    language sql
    stable
    as $$
    select row(o.workspace_id, date_trunc('hour', o.ordered_at, 'UTC'), o.shipping_country, o.currency, sign,
               sign * (o.total_amount - o.refunded_amount), sign * coalesce(o.total_amount_usd - o.refunded_amount_usd, 0),
               sign * o.usd_pending::int)::revenue_hourly
$$;

create or replace function crm_revenue_hourly_on_insert() returns trigger
    language plpgsql
    as $$
begin
    perform crm_revenue_hourly_add(array(
        select crm_revenue_hourly_row(n, 1) from new_orders n where n.status not in ('cancelled', 'refunded')));
    return null;
end
$$;

create or replace function crm_revenue_hourly_on_update() returns trigger
    language plpgsql
    as $$
begin
    perform crm_revenue_hourly_add(array(
        select crm_revenue_hourly_row(n, 1) from new_orders n where n.status not in ('cancelled', 'refunded')
        union all
        select crm_revenue_hourly_row(o, -1) from old_orders o where o.status not in ('cancelled', 'refunded')));
    return null;
end
$$;

create or replace function crm_revenue_hourly_on_delete() returns trigger
    language plpgsql
    as $$
begin
    perform crm_revenue_hourly_add(array(
        select crm_revenue_hourly_row(o, -1) from old_orders o where o.status not in ('cancelled', 'refunded')));
    return null;
end
$$;
