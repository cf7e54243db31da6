-- Cohort retention finds the customers whose first order falls in the report's range.
create index customers_first_order_ix on customers (workspace_id, first_order_date) where first_order_date is not null;
