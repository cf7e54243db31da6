-- Per customer, over all time: how many revenue orders (neither cancelled nor refunded) and an upper bound of their
-- USD revenue (each order's net USD value, never less than zero). No date range holds more of a customer's orders or
-- revenue than this, so top customers over a range ranks candidates by it and computes the range's exact figures only
-- for as many customers as it takes to know that nobody further down can enter the top.
--
-- Triggers on orders keep it exact in the writing transaction, as signed sums upserted in key order like
-- revenue_hourly (concurrent writers commute and lock in one order). A customer with no revenue order has no row.
create table customer_revenue_bounds (
    workspace_id      uuid           not null references workspaces (id),
    customer_id       uuid           not null,
    orders            integer        not null,
    revenue_usd_bound numeric(20, 4) not null,
    primary key (workspace_id, customer_id)
);
create index customer_revenue_bounds_usd_ix on customer_revenue_bounds (workspace_id, revenue_usd_bound desc, customer_id);
create index customer_revenue_bounds_orders_ix on customer_revenue_bounds (workspace_id, orders desc, customer_id);

alter table customer_revenue_bounds enable row level security;
alter table customer_revenue_bounds force row level security;
create policy customer_revenue_bounds_workspace on customer_revenue_bounds
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Changes that cancel out (an update that moved nothing counted) write nothing; a customer left without revenue
-- orders loses the row (only updates and deletes take any away, so inserts skip looking).
create function crm_customer_revenue_bounds_add(changes customer_revenue_bounds[], takes_away boolean) returns void
    language plpgsql
    as $$
begin
    insert into customer_revenue_bounds as r (workspace_id, customer_id, orders, revenue_usd_bound)
    select c.workspace_id, c.customer_id, sum(c.orders), sum(c.revenue_usd_bound)
    from unnest(changes) c
    group by 1, 2
    having sum(c.orders) <> 0 or sum(c.revenue_usd_bound) <> 0
    order by 1, 2
    on conflict (workspace_id, customer_id) do update
        set orders = r.orders + excluded.orders, revenue_usd_bound = r.revenue_usd_bound + excluded.revenue_usd_bound;
    if not takes_away then
        return;
    end if;
    delete from customer_revenue_bounds r
    using (select distinct c.workspace_id, c.customer_id from unnest(changes) c) c
    where r.workspace_id = c.workspace_id and r.customer_id = c.customer_id and r.orders = 0;
end
$$;

-- An order's signed share; nothing when cancelled or refunded (callers filter those).
create function crm_customer_revenue_bounds_row(o orders, sign integer) returns customer_revenue_bounds
    language sql
    stable
    as $$
    select row(o.workspace_id, o.customer_id, sign, sign * greatest(coalesce(o.total_amount_usd - o.refunded_amount_usd, 0), 0))::customer_revenue_bounds
$$;

create function crm_customer_revenue_bounds_on_change() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        perform crm_customer_revenue_bounds_add(array(
            select crm_customer_revenue_bounds_row(n, 1) from new_orders n where n.status not in ('cancelled', 'refunded')), false);
    elsif tg_op = 'DELETE' then
        perform crm_customer_revenue_bounds_add(array(
            select crm_customer_revenue_bounds_row(o, -1) from old_orders o where o.status not in ('cancelled', 'refunded')), true);
    else
        perform crm_customer_revenue_bounds_add(array(
            select crm_customer_revenue_bounds_row(n, 1) from new_orders n where n.status not in ('cancelled', 'refunded')
            union all
            select crm_customer_revenue_bounds_row(o, -1) from old_orders o where o.status not in ('cancelled', 'refunded')), true);
    end if;
    return null;
end
$$;

create trigger orders_customer_revenue_bounds_insert after insert on orders
    referencing new table as new_orders for each statement execute function crm_customer_revenue_bounds_on_change();
create trigger orders_customer_revenue_bounds_update after update on orders
    referencing old table as old_orders new table as new_orders for each statement execute function crm_customer_revenue_bounds_on_change();
create trigger orders_customer_revenue_bounds_delete after delete on orders
    referencing old table as old_orders for each statement execute function crm_customer_revenue_bounds_on_change();

-- The orders already there (the owner runs this under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into customer_revenue_bounds (workspace_id, customer_id, orders, revenue_usd_bound)
        select workspace_id, customer_id, count(*), sum(greatest(coalesce(total_amount_usd - refunded_amount_usd, 0), 0))
        from orders
        where workspace_id = ws and status not in ('cancelled', 'refunded')
        group by 1, 2;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;

-- Statistics now, not when autovacuum comes by: with none the planner takes the table for empty.
analyze customer_revenue_bounds;
