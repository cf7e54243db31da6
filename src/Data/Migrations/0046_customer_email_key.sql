-- Customers found by email under row-level security. A policy makes PostgreSQL check it before any function that is
-- not leakproof, and lower() is not: "lower(email) = ..." could never use the index on lower(email) and read every
-- customer of the workspace (17 ms per lookup at 8,000 customers, the largest cost of a shop's first-time buyers). A
-- stored lower-cased copy compared with plain equality uses the index; uniqueness moves to it under the same name.
alter table customers add column email_key text generated always as (lower(email)) stored;
drop index customers_email_uq;
create unique index customers_email_uq on customers (workspace_id, email_key);
analyze customers;
