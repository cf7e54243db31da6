-- Indexes for the name and email sorts of the customer list (measured: without them a sorted first page
-- on 1.5M customers sorts the whole workspace, seconds per request).
create index customers_last_name_sort on customers (workspace_id, last_name, id);
create index customers_first_name_sort on customers (workspace_id, first_name, id);
create index customers_email_sort on customers (workspace_id, lower(email), id);
create index customers_updated_ix on customers (workspace_id, updated_at desc, id desc);
