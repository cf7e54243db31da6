-- The search's first tries walk customer_search's newest entries on the index alone (SearchPlan.Window and the
-- walk), which PostgreSQL can only do for pages the visibility map marks all-visible, and only VACUUM marks them.
-- By default autovacuum visits a table after inserts of 20 % of it: 350,000 new customers at 1.75 million, so the
-- newest customers, the ones every search reads first, would stay unmarked and each entry would cost a table read
-- (34 ms instead of 3.5 ms for the window, measured in docs/performance.md). Vacuum it after every thousand new rows
-- instead (such a visit reads only the pages changed since the last one), and after changes to 2 % of its rows rather
-- than 20 %.
alter table customer_search set (
    autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_scale_factor = 0.02
);
