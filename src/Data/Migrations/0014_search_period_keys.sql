-- Search keys per period and country ("<workspace>/w<week>/c:DE", "<workspace>/b<block>/c:DE") and per period and
-- status ("<workspace>/w<week>/s:vip"), so a search within a country or a status tries its newest weeks and blocks
-- (SearchPlan.RecentAsync) with one small posting list instead of intersecting two large ones (the period's and the
-- country's or status's) in the GIN index. Measured on a copy of 450,000 customer_search rows: the index part of such
-- a scan went from 2.4-3.3 ms to 0.2-0.3 ms, the same rows found (docs/performance.md). Country is the filter searches
-- combine with most in a shop selling across borders, and status keys are the largest in the index (most customers
-- are active). A search within both uses the country's period keys and intersects the status's own key; the other
-- filters keep intersecting their own keys.
create or replace function crm_search_keys(c customers) returns text[]
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
        || array(select p || '/c:' || c.country_code from unnest(crm_search_period_keys(c.workspace_id, c.created_at)) p)
        || array(select p || '/s:' || c.status from unnest(crm_search_period_keys(c.workspace_id, c.created_at)) p)
        || array(select c.workspace_id::text || '/t:' || t from unnest(c.tags) t)) k
$$;

-- Recomputes every customer_search row's keys, one workspace at a time (migrations run as the owner, under FORCE
-- RLS). For this and any later change of crm_search_keys.
create function crm_refresh_search_keys() returns void
    language plpgsql
as $$
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

select crm_refresh_search_keys();
