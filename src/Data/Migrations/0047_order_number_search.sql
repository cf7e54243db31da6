-- Orders found by a fragment of their number. orders is under row-level security, where PostgreSQL applies the policy
-- before any function that is not leakproof, and no LIKE or ILIKE is: the trigram index on orders.order_number could
-- never be used, and a search read every order of the workspace. As customer_search, this side table has no policy: it
-- holds ids and order numbers only, every query names its workspace, and what it finds is read back from orders, where
-- the policy holds. Inserts and deletes are kept per statement (one multi-row write for a group of orders); a number
-- changes rarely, so its update is kept per row.
create table order_number_search (
    workspace_id uuid not null,
    order_id     uuid not null,
    order_number text not null,
    primary key (workspace_id, order_id)
);

create function crm_order_number_search_on_insert() returns trigger language plpgsql as $$
begin
    insert into order_number_search (workspace_id, order_id, order_number)
    select workspace_id, id, order_number from new_orders;
    return null;
end $$;

create function crm_order_number_search_on_delete() returns trigger language plpgsql as $$
begin
    delete from order_number_search s using old_orders o where s.workspace_id = o.workspace_id and s.order_id = o.id;
    return null;
end $$;

create function crm_order_number_search_on_renumber() returns trigger language plpgsql as $$
begin
    update order_number_search set order_number = new.order_number where workspace_id = new.workspace_id and order_id = new.id;
    return null;
end $$;

create trigger orders_number_search_insert after insert on orders
    referencing new table as new_orders for each statement execute function crm_order_number_search_on_insert();
create trigger orders_number_search_delete after delete on orders
    referencing old table as old_orders for each statement execute function crm_order_number_search_on_delete();
create trigger orders_number_search_renumber after update of order_number on orders
    for each row when (old.order_number is distinct from new.order_number) execute function crm_order_number_search_on_renumber();

-- The orders already there (the owner runs this under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into order_number_search (workspace_id, order_id, order_number)
        select workspace_id, id, order_number from orders where workspace_id = ws;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;
create index order_number_search_trgm on order_number_search using gin (order_number gin_trgm_ops);
drop index orders_number_trgm;
analyze order_number_search;
