-- Live revenue, pre-aggregated per UTC day, shipping country ('' when the order names none) and currency: what the
-- dashboard reads. Revenue counts as everywhere: orders neither cancelled nor refunded, net of partial refunds; an
-- order whose USD value is pending is in the currency's revenue and usd_pending_orders, not in revenue_usd. The
-- revenue grains keep these rows current as orders change; a day's grain recomputes its rows from orders when it
-- wakes, so a lost update heals.
create table revenue_daily (
    workspace_id       uuid           not null references workspaces (id),
    day                date           not null,
    country_code       text           not null,
    currency           char(3)        not null,
    orders             integer        not null,
    revenue            numeric(20, 4) not null,
    revenue_usd        numeric(20, 4) not null,
    usd_pending_orders integer        not null,
    primary key (workspace_id, day, country_code, currency)
);

-- Reports and a day's recomputation read orders by date.
create index orders_ordered_ix on orders (workspace_id, ordered_at);

-- The orders already there, before row-level security hides every workspace from this statement.
insert into revenue_daily (workspace_id, day, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
select workspace_id, (ordered_at at time zone 'UTC')::date, coalesce(shipping_country, ''), currency, count(*),
       sum(total_amount - refunded_amount), coalesce(sum(total_amount_usd - refunded_amount_usd), 0), count(*) filter (where usd_pending)
from orders
where status not in ('cancelled', 'refunded')
group by 1, 2, 3, 4;

alter table revenue_daily enable row level security;
alter table revenue_daily force row level security;
create policy revenue_daily_workspace on revenue_daily
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
