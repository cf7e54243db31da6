-- Orders take every amount a shop reports: duties and tips join tax, shipping and discount. When the amounts come
-- from the selling platform (totals_from_source) they are kept exactly as given and never recomputed; otherwise
-- the CRM computes them from the items.
alter table orders
    add column duties_amount numeric(20, 4) not null default 0 check (duties_amount >= 0),
    add column tip_amount numeric(20, 4) not null default 0 check (tip_amount >= 0),
    add column totals_from_source boolean not null default false;

-- An order in a currency without a known rate is kept with its USD value pending (null) until a rate for that
-- currency arrives and the order is restated; pending orders stay out of every USD sum meanwhile.
alter table orders
    alter column total_amount_usd drop not null,
    add column usd_pending boolean not null default false,
    add constraint orders_usd_pending_ck check (usd_pending = (total_amount_usd is null));
create index orders_usd_pending_ix on orders (workspace_id, currency) where usd_pending;

-- How many of the customer's orders are left out of the money metrics while their USD value is pending.
alter table customers add column pending_usd_orders integer not null default 0;
