-- Search keys: every customer_search row carries text keys for what a search is narrowed by (its workspace, week,
-- eight-week block, country, status, owner, tags and the first one and two letters of its folded names), indexed
-- next to its trigrams in one GIN index, so one index scan intersects the term with a filter or a recent period.
-- Why:
-- * A term matching a few hundred to a few thousand customers filled no page among the newest 5,000, and the probe
--   visited one table page per match (up to 2,000): 50-150 ms at 1.5 M customers. With the week's key beside the
--   trigrams only the newest weeks' matches are visited (SearchPlan.Recent).
-- * A term common in the workspace but rare within a filter ("ran" among customers in Japan) was answered by
--   walking every customer of the filter newest first and testing the term on each: 1-30 s at 1.5 M customers.
--   With the filter's keys in the same scan the probe counts the matches within the filter.
-- * The workspace key keeps a scan to the workspace's own matches: a term common in other workspaces costs nothing.
-- Keys are text, not hashes: a hash function could change with a PostgreSQL upgrade and silently stale the index.

-- Weeks (604,800 s) and blocks of eight weeks from the epoch. The epoch of a timestamptz does not depend on the
-- time zone, so this is immutable.
create function crm_search_period_keys(workspace_id uuid, created_at timestamptz) returns text[]
    language sql
    immutable
    parallel safe
as $$
    select array[workspace_id::text || '/w' || floor(extract(epoch from created_at) / 604800)::bigint,
                 workspace_id::text || '/b' || floor(extract(epoch from created_at) / 4838400)::bigint]
$$;

-- A short term's key: the first one or two letters of a folded name ("/p:jo"). A longer folded term is looked up by
-- its first two letters and then tested in full.
create function crm_search_prefix_key(workspace_id uuid, folded text) returns text
    language sql
    immutable
    parallel safe
as $$
    select workspace_id::text || '/p:' || left(folded, 2)
$$;

create function crm_search_keys(c customers) returns text[]
    language sql
    stable
as $$
    select array_agg(distinct k) from unnest(
        array[c.workspace_id::text,
              c.workspace_id::text || '/c:' || c.country_code,
              c.workspace_id::text || '/s:' || c.status,
              c.workspace_id::text || '/o:' || coalesce(c.owner_id::text, '-'),
              crm_search_prefix_key(c.workspace_id, left(crm_fold(c.first_name), 1)),
              crm_search_prefix_key(c.workspace_id, crm_fold(c.first_name)),
              crm_search_prefix_key(c.workspace_id, left(crm_fold(c.last_name), 1)),
              crm_search_prefix_key(c.workspace_id, crm_fold(c.last_name)),
              crm_search_prefix_key(c.workspace_id, left(crm_fold(c.last_name || c.first_name), 1)),
              crm_search_prefix_key(c.workspace_id, crm_fold(c.last_name || c.first_name))]
        || crm_search_period_keys(c.workspace_id, c.created_at)
        || array(select c.workspace_id::text || '/t:' || t from unnest(c.tags) t)) k
$$;

alter table customer_search add column keys text[] not null default '{}';

create or replace function crm_sync_customer_search() returns trigger
    language plpgsql
as $$
begin
    if tg_op = 'DELETE' then
        delete from customer_search where workspace_id = old.workspace_id and id = old.id;
        return old;
    end if;
    insert into customer_search (workspace_id, id, created_at, search_text, first_fold, last_fold, full_fold, keys)
    values (new.workspace_id, new.id, new.created_at, new.search_text,
            crm_fold(new.first_name), crm_fold(new.last_name), crm_fold(new.last_name || new.first_name),
            crm_search_keys(new))
    on conflict (workspace_id, id) do update
        set created_at = excluded.created_at, search_text = excluded.search_text,
            first_fold = excluded.first_fold, last_fold = excluded.last_fold, full_fold = excluded.full_fold,
            keys = excluded.keys;
    return new;
end
$$;

-- The keys follow the filterable columns too.
drop trigger customers_search_sync on customers;
create trigger customers_search_sync
    after insert or delete
        or update of first_name, last_name, email, company_name, phone, created_at, country_code, status, owner_id, tags
    on customers
    for each row execute function crm_sync_customer_search();

-- Rows already there (this migration runs as the owner, under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        update customer_search s set keys = crm_search_keys(c)
        from customers c
        where c.workspace_id = ws and s.workspace_id = ws and s.id = c.id;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;

create index customer_search_trgm_keys on customer_search using gin (keys, search_text gin_trgm_ops);
drop index if exists customer_search_trgm;
