-- Revenue per UTC hour, shipping country (null when the order names none) and currency, for the revenue reports:
-- every zone whose offsets are whole hours buckets whole UTC hours into its own days, weeks and months, so a report
-- over years sums a few hundred thousand rows instead of millions of orders. Revenue counts as everywhere: orders
-- neither cancelled nor refunded, net of partial refunds; an order whose USD value is pending is in the currency's
-- revenue and usd_pending_orders, not in revenue_usd.
--
-- Triggers on orders keep the rows exact inside the transaction that writes the orders: each statement adds what its
-- new rows count and takes away what its old rows counted, as sums (so concurrent writers commute), in key order (so
-- two writers lock shared rows in the same order and never deadlock each other).
create table revenue_hourly (
    workspace_id       uuid           not null references workspaces (id),
    hour               timestamptz    not null,
    country_code       char(2),
    currency           char(3)        not null,
    orders             integer        not null,
    revenue            numeric(20, 4) not null,
    revenue_usd        numeric(20, 4) not null,
    usd_pending_orders integer        not null,
    constraint revenue_hourly_key unique nulls not distinct (workspace_id, hour, country_code, currency)
);

alter table revenue_hourly enable row level security;
alter table revenue_hourly force row level security;
create policy revenue_hourly_workspace on revenue_hourly
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

create function crm_revenue_hourly_on_insert() returns trigger
    language plpgsql
    as $$
begin
    insert into revenue_hourly as r (workspace_id, hour, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
    select n.workspace_id, date_trunc('hour', n.ordered_at, 'UTC'), n.shipping_country, n.currency, count(*),
           sum(n.total_amount - n.refunded_amount), coalesce(sum(n.total_amount_usd - n.refunded_amount_usd), 0),
           count(*) filter (where n.usd_pending)
    from new_orders n
    where n.status not in ('cancelled', 'refunded')
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict on constraint revenue_hourly_key do update
        set orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue,
            revenue_usd = r.revenue_usd + excluded.revenue_usd, usd_pending_orders = r.usd_pending_orders + excluded.usd_pending_orders;
    return null;
end
$$;

create function crm_revenue_hourly_on_update() returns trigger
    language plpgsql
    as $$
begin
    insert into revenue_hourly as r (workspace_id, hour, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
    select d.workspace_id, d.hour, d.country_code, d.currency, sum(d.orders), sum(d.revenue), sum(d.revenue_usd), sum(d.usd_pending_orders)
    from (
        select n.workspace_id, date_trunc('hour', n.ordered_at, 'UTC') as hour, n.shipping_country as country_code, n.currency, 1 as orders,
               n.total_amount - n.refunded_amount as revenue, coalesce(n.total_amount_usd - n.refunded_amount_usd, 0) as revenue_usd,
               n.usd_pending::int as usd_pending_orders
        from new_orders n where n.status not in ('cancelled', 'refunded')
        union all
        select o.workspace_id, date_trunc('hour', o.ordered_at, 'UTC'), o.shipping_country, o.currency, -1,
               o.refunded_amount - o.total_amount, coalesce(o.refunded_amount_usd - o.total_amount_usd, 0), -o.usd_pending::int
        from old_orders o where o.status not in ('cancelled', 'refunded')
    ) d
    group by 1, 2, 3, 4
    -- An update that changes nothing counted (a tracking number, a note) writes nothing here.
    having sum(d.orders) <> 0 or sum(d.revenue) <> 0 or sum(d.revenue_usd) <> 0 or sum(d.usd_pending_orders) <> 0
    order by 1, 2, 3, 4
    on conflict on constraint revenue_hourly_key do update
        set orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue,
            revenue_usd = r.revenue_usd + excluded.revenue_usd, usd_pending_orders = r.usd_pending_orders + excluded.usd_pending_orders;
    return null;
end
$$;

create function crm_revenue_hourly_on_delete() returns trigger
    language plpgsql
    as $$
begin
    insert into revenue_hourly as r (workspace_id, hour, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
    select o.workspace_id, date_trunc('hour', o.ordered_at, 'UTC'), o.shipping_country, o.currency, -count(*),
           -sum(o.total_amount - o.refunded_amount), -coalesce(sum(o.total_amount_usd - o.refunded_amount_usd), 0),
           -count(*) filter (where o.usd_pending)
    from old_orders o
    where o.status not in ('cancelled', 'refunded')
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict on constraint revenue_hourly_key do update
        set orders = r.orders + excluded.orders, revenue = r.revenue + excluded.revenue,
            revenue_usd = r.revenue_usd + excluded.revenue_usd, usd_pending_orders = r.usd_pending_orders + excluded.usd_pending_orders;
    return null;
end
$$;

create trigger orders_revenue_hourly_insert after insert on orders
    referencing new table as new_orders for each statement execute function crm_revenue_hourly_on_insert();
create trigger orders_revenue_hourly_update after update on orders
    referencing old table as old_orders new table as new_orders for each statement execute function crm_revenue_hourly_on_update();
create trigger orders_revenue_hourly_delete after delete on orders
    referencing old table as old_orders for each statement execute function crm_revenue_hourly_on_delete();

-- The orders already there (this migration runs as the owner, under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into revenue_hourly (workspace_id, hour, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
        select workspace_id, date_trunc('hour', ordered_at, 'UTC'), shipping_country, currency, count(*),
               sum(total_amount - refunded_amount), coalesce(sum(total_amount_usd - refunded_amount_usd), 0), count(*) filter (where usd_pending)
        from orders
        where workspace_id = ws and status not in ('cancelled', 'refunded')
        group by 1, 2, 3, 4;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;

-- The row-level security policies call this in every query on a tenant table; unmarked, it kept every such query
-- from running in parallel. It only reads a setting, which parallel workers inherit from the leader.
alter function crm_current_workspace() parallel safe;
