-- Search keys for custom field values: "<workspace>/f:<md5(md5(field) || value)>" for every field of a customer with a
-- non-null value, the value as `custom_fields ->> field` yields it (the text a custom.<field>=value filter compares).
-- A search with custom.<field>=value then intersects the term with that key in one GIN scan (SearchKeys.CustomFieldKeys)
-- instead of walking the customers newest first and testing the JSON on each (about 4 s at 400,000 customers for a
-- value nobody has). The hash keeps every key short whatever the value's length; the filter is still tested exactly
-- on each candidate's customer.
--
-- The key list is split into one function per family of keys, composed by crm_search_keys: a new family adds its
-- function and redefines only that one-line composition.

-- Every key up to migration 0036: workspace, country, status, owner, amount buckets, name prefixes, periods (alone,
-- per country, per status) and tags.
-- PL/pgSQL, not SQL: an SQL function called from the SQL body of crm_search_keys runs through a nested executor per
-- row, which made every customer write's key computation three to four times slower; a PL/pgSQL function keeps its
-- plan for the session and costs what the inline list cost.
create function crm_search_filter_keys(c customers) returns text[]
    language plpgsql
    stable
as $$
begin
    return array[c.workspace_id::text,
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
        || array(select c.workspace_id::text || '/t:' || t from unnest(c.tags) t);
end
$$;

create function crm_search_custom_field_keys(c customers) returns text[]
    language sql
    immutable
as $$
    select coalesce(array_agg(c.workspace_id::text || '/f:' || md5(md5(f.key) || f.value)), '{}')
    -- Guarded: a non-object value would make jsonb_each_text fail the customer's write.
    from jsonb_each_text(case when jsonb_typeof(c.custom_fields) = 'object' then c.custom_fields else '{}' end) f
    where f.value is not null
$$;

create or replace function crm_search_keys(c customers) returns text[]
    language sql
    stable
as $$
    select array_agg(distinct k) from unnest(crm_search_filter_keys(c) || crm_search_custom_field_keys(c)) k
$$;

-- The keys follow the custom fields too (a profile update already rewrites the row: it sets the names).
drop trigger customers_search_sync on customers;
create trigger customers_search_sync
    after insert or delete
        or update of first_name, last_name, email, company_name, phone, created_at, country_code, status, owner_id, tags,
                     custom_fields
    on customers
    for each row execute function crm_sync_customer_search();

-- Only customers with custom fields gain keys.
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        update customer_search s set keys = crm_search_keys(c)
        from customers c
        where c.workspace_id = ws and s.workspace_id = ws and s.id = c.id and c.custom_fields <> '{}'::jsonb;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;
