-- Customer search moves to its own table, without row-level security.
-- Why: on a table under RLS PostgreSQL only uses an index for a condition whose operator is LEAKPROOF, and
-- LIKE is not (only a superuser could change that), so the trigram index on customers.search_text was never
-- used and a search read the whole workspace (1.5 s at 1.5 M customers). customer_search holds only what
-- search needs; every query on it names its workspace (CustomerSearch.cs), and it only ever yields ids,
-- whose rows are then read from customers through RLS, so RLS still guards everything a search returns.
create table customer_search (
    workspace_id uuid        not null,
    id           uuid        not null,
    created_at   timestamptz not null,
    search_text  text        not null,
    first_fold   text        not null,
    last_fold    text        not null,
    full_fold    text        not null,
    primary key (workspace_id, id)
);

create function crm_sync_customer_search() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        delete from customer_search where workspace_id = old.workspace_id and id = old.id;
        return old;
    end if;
    insert into customer_search (workspace_id, id, created_at, search_text, first_fold, last_fold, full_fold)
    values (new.workspace_id, new.id, new.created_at, new.search_text,
            crm_fold(new.first_name), crm_fold(new.last_name), crm_fold(new.last_name || new.first_name))
    on conflict (workspace_id, id) do update
        set created_at = excluded.created_at, search_text = excluded.search_text,
            first_fold = excluded.first_fold, last_fold = excluded.last_fold, full_fold = excluded.full_fold;
    return new;
end
$$;

create trigger customers_search_sync
    after insert or delete or update of first_name, last_name, email, company_name, phone, created_at on customers
    for each row execute function crm_sync_customer_search();

-- Rows already there (this migration runs as the owner, under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into customer_search (workspace_id, id, created_at, search_text, first_fold, last_fold, full_fold)
        select workspace_id, id, created_at, search_text, crm_fold(first_name), crm_fold(last_name), crm_fold(last_name || first_name)
        from customers where workspace_id = ws;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;

create index customer_search_trgm on customer_search using gin (search_text gin_trgm_ops);
-- Newest first with the text alongside: a common term is found by walking this index alone (SearchPlan).
create index customer_search_walk on customer_search (workspace_id, created_at desc, id desc) include (search_text);
create index customer_search_first on customer_search (workspace_id, first_fold text_pattern_ops);
create index customer_search_last on customer_search (workspace_id, last_fold text_pattern_ops);
create index customer_search_full on customer_search (workspace_id, full_fold text_pattern_ops);

drop index customers_search_trgm;
drop index customers_first_name_prefix;
drop index customers_last_name_prefix;
drop index customers_full_name_prefix;
