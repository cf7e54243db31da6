-- Outbox retention deletes old outbox rows and their deliveries cascade: without an index leading with the outbox row,
-- each deleted row would scan the workspace's delivery log. The purge also skips rows with a delivery still pending.
create index webhook_deliveries_outbox_ix on webhook_deliveries (workspace_id, outbox_id);
