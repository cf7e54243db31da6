-- GDPR consent records: one row per statement a customer made about one purpose (granted or withdrawn), never
-- changed afterwards, so the history proves what the person agreed to, when, how and with which wording.
-- The current consent for a purpose is the newest row for it (index below); a purpose never recorded is not
-- granted.

create table customer_consents (
    workspace_id uuid        not null references workspaces (id),
    customer_id  uuid        not null,
    id           uuid        not null,
    purpose      text        not null check (purpose in ('marketing_email', 'marketing_sms', 'profiling')),
    granted      boolean     not null,
    recorded_at  timestamptz not null default clock_timestamp(),
    -- Where the statement came from ("checkout", "newsletter_form", "phone"), as the caller sent it.
    source       text        not null check (length(source) between 1 and 200),
    -- Which wording of the consent text the person saw.
    text_version text        not null check (length(text_version) between 1 and 100),
    -- Who recorded it, named as in the audit log ("user:<id>", "api_key:<id>").
    recorded_by  text        not null,
    primary key (workspace_id, id),
    -- Deleting a customer (possible only without orders) deletes their consents with them.
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

-- History newest first, and "current per purpose" (distinct on purpose) as a walk of the same index.
create index customer_consents_current on customer_consents (workspace_id, customer_id, purpose, recorded_at desc, id desc);
create index customer_consents_history on customer_consents (workspace_id, customer_id, recorded_at desc, id desc);

alter table customer_consents enable row level security;
alter table customer_consents force row level security;
create policy customer_consents_workspace on customer_consents
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Append-only, like audit_log, with two narrow exceptions:
-- * GDPR erasure (crm.consent_erasure = 'on' for its one transaction) may blank the free text (source,
--   text_version) where it names the person; purpose, granted, time and recorder stay as proof.
-- * Deleting the customer cascades to their consents (the row is only deletable once its customer is gone).
create function customer_consents_are_append_only() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'DELETE'
       and not exists (select 1 from customers c where c.workspace_id = old.workspace_id and c.id = old.customer_id) then
        return old;
    end if;
    if tg_op = 'UPDATE' and current_setting('crm.consent_erasure', true) = 'on'
       and new.workspace_id = old.workspace_id and new.customer_id = old.customer_id and new.id = old.id
       and new.purpose = old.purpose and new.granted = old.granted and new.recorded_at = old.recorded_at
       and new.recorded_by = old.recorded_by then
        return new;
    end if;
    raise exception 'customer_consents is append-only';
end
$$;

create trigger customer_consents_append_only before update or delete on customer_consents
    for each row execute function customer_consents_are_append_only();
