-- Search tries the newest customers first (SearchPlan.Window): it walks customer_search newest first and tests
-- the term on index entries alone. Short terms test the name prefixes, so those columns join the walk index too;
-- without them every entry walked cost a table read.
create index customer_search_walk_names on customer_search (workspace_id, created_at desc, id desc)
    include (search_text, first_fold, last_fold, full_fold);
drop index customer_search_walk;
