-- Search keys for the amounts a search is filtered by: lifetime value (USD) and order count, each as a coarse bucket
-- ("<workspace>/v:10" for 1,000-1,999 USD, "<workspace>/n:3" for 5-9 orders). A search with ltv_gte or orders_gte
-- (what segments filter by) then intersects the term with the buckets at or above the bound in one GIN scan, and only
-- those candidates' customers are read and tested exactly (SearchKeys.ValueKeys).
-- Why: these values are not keys, so a term common in the workspace but rare among high-value customers ("ell" with
-- ltv_gte=1500: 10,872 matches, 132 of them) walked the customers newest first testing both on every row: 100,000
-- rows, 1.3-1.7 s at 400,000 customers. The customers' own index on lifetime value does not help: under row-level
-- security numeric comparisons are not leakproof, so PostgreSQL reads the whole table instead.
-- Buckets follow the 1-2-5 series (1, 2, 5, 10, 20, 50, ...) so a customer's row in customer_search is rewritten only
-- when an order moves a value into the next bucket (a few times in a customer's life), not on every order.
create function crm_value_bucket(v numeric) returns integer
    language sql
    immutable
    parallel safe
as $$
    -- 0 below 1; then three buckets per decade: [1, 2), [2, 5), [5, 10), [10, 20), ... Digits, not log(): exact.
    select case
        when v is null or v < 1 then 0
        else 1 + 3 * (length(trunc(least(v, 1e18))::bigint::text) - 1)
               + case when left(trunc(least(v, 1e18))::bigint::text, 1)::int >= 5 then 2
                      when left(trunc(least(v, 1e18))::bigint::text, 1)::int >= 2 then 1
                      else 0 end
    end
$$;

create or replace function crm_search_keys(c customers) returns text[]
    language sql
    stable
as $$
    select array_agg(distinct k) from unnest(
        array[c.workspace_id::text,
              c.workspace_id::text || '/c:' || c.country_code,
              c.workspace_id::text || '/s:' || c.status,
              c.workspace_id::text || '/o:' || coalesce(c.owner_id::text, '-'),
              c.workspace_id::text || '/v:' || crm_value_bucket(c.lifetime_value_usd),
              c.workspace_id::text || '/n:' || crm_value_bucket(c.total_orders),
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

-- The keys follow the amounts only when a bucket changes: most orders leave both buckets as they were, and then
-- customer_search is not touched.
create trigger customers_search_values_sync
    after update of lifetime_value_usd, total_orders on customers
    for each row
    when (crm_value_bucket(old.lifetime_value_usd) is distinct from crm_value_bucket(new.lifetime_value_usd)
          or crm_value_bucket(old.total_orders) is distinct from crm_value_bucket(new.total_orders))
    execute function crm_sync_customer_search();

select crm_refresh_search_keys();
