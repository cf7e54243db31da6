-- An Idempotency-Key claim belongs to one request: claim_id names it, and held_until is its lease, which the node
-- running the request renews while it runs. A claim whose lease lapsed (its node died) is free for a retry. The
-- change journal marks a key only while the claim it carries still holds it, so a change that outlives its
-- request (the request failed and freed the key, or its node died and a retry took over) rolls back instead of
-- running twice.
alter table idempotency_keys
    add column claim_id uuid,
    add column held_until timestamptz not null default now();
