-- Failed password sign-ins, counted per email address whether or not an account has that address, so that the
-- lockout answers every address alike and cannot be used to find out who has an account. Only a SHA-256 of the
-- lower-cased address is kept, never the address someone typed. Like the identity tables it is read before any
-- workspace is known, so it is not under row-level security. A row whose last failure is a day old is stale:
-- the next failure anywhere deletes it, so the count is of failures in a row within a day.
create table sign_in_failures (
    email_hash      bytea primary key,
    failures        integer not null,
    last_failed_at  timestamptz not null,
    locked_until    timestamptz
);
create index sign_in_failures_last_failed_ix on sign_in_failures (last_failed_at);
