-- outbox_pending_ix indexed every outbox row whose processed_at is null, and only account mail ever sets it, so it
-- held every change's row and cost an index insert on each. Its one reader, the backlog gauge, now counts what is
-- owed to a consumer (webhook_pending, queued account mail) through the partial indexes those consumers already use.
drop index outbox_pending_ix;
