-- Addresses the CRM no longer mails: hard bounces and drops reported by the mail provider. The sender refuses a
-- new email to such an address and the dispatcher fails queued ones instead of sending them.
create table email_suppressions (
    workspace_id uuid not null references workspaces (id),
    address      text not null check (address = lower(address)),
    reason       text not null check (reason in ('bounce', 'dropped')),
    detail       text,
    created_at   timestamptz not null default now(),
    primary key (workspace_id, address)
);

alter table email_suppressions enable row level security;
alter table email_suppressions force row level security;
create policy email_suppressions_workspace on email_suppressions
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
