-- The moment a queued email became the provider's: recorded before the provider can accept it (for SMTP, before the
-- line that ends DATA), not after it answers. A node that dies between the two leaves a claimed message with this
-- set and no record; the next claim records it as sent instead of sending it again. Cleared when the attempt failed.
alter table email_messages add column handed_over_at timestamptz;
