-- Search keys per period and status ("<workspace>/w<week>/s:vip"), for the same reason as per period and country
-- (migration 0014): a search within a status tries its newest weeks and blocks through one small posting list. The
-- status keys are among the largest in the index (most customers are active), so intersecting them with a period's
-- key cost more than the rest of the scan (docs/performance.md, run H). A search within both a country and a status
-- uses the country's period keys and intersects the status's own key.
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

select crm_refresh_search_keys();
