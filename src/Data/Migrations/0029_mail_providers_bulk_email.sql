-- Account mail (invitations, password resets) is delivered from the outbox by the configured mail provider,
-- with retries and backoff like customer mail. Rows written before this have no next_attempt_at and are
-- never sent: they went to the pickup folder (or nowhere) already.
alter table outbox add column next_attempt_at timestamptz;
alter table outbox add column last_error text;
create index outbox_account_mail_due_ix on outbox (workspace_id, next_attempt_at)
    where topic = 'mail.account' and processed_at is null and next_attempt_at is not null;

-- Which workspaces the account mail dispatcher visits: set by trigger when account mail is queued, cleared
-- by the dispatcher when none is left.
alter table workspaces add column has_queued_account_mail boolean not null default false;
create index workspaces_has_queued_account_mail_ix on workspaces (id) where has_queued_account_mail;

create function outbox_mark_account_mail() returns trigger
    language plpgsql
    as $$
begin
    update workspaces set has_queued_account_mail = true where id = new.workspace_id and not has_queued_account_mail;
    return null;
end
$$;
create trigger outbox_mark_account_mail after insert on outbox
    for each row when (new.topic = 'mail.account' and new.next_attempt_at is not null)
    execute function outbox_mark_account_mail();

-- Bulk email: one template to every customer of a list filter or a segment. The recipients are fixed when the
-- job is created (one row each); the job then renders and queues them in batches, each batch one transaction
-- that inserts the emails and marks its recipients queued or skipped (with the reason). A job stopped half
-- way resumes with the recipients still pending, and the unique (job, customer) on email_messages makes a
-- second email for the same recipient impossible.
create table email_bulk_jobs (
    workspace_id uuid not null references workspaces (id),
    id           uuid not null,
    template_id  uuid not null,
    purpose      text not null check (purpose in ('marketing', 'transactional')),
    filter       text,
    segment_id   uuid,
    status       text not null default 'queueing' check (status in ('queueing', 'done')),
    -- Customers the filter matched, and of those the ones that may be mailed (consent, not suppressed) at creation.
    matched      integer not null,
    eligible     integer not null,
    -- The web address unsubscribe and tracking links point to, as the creating request saw it.
    app_url      text not null,
    created_by   uuid,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz,
    primary key (workspace_id, id)
);

alter table email_bulk_jobs enable row level security;
alter table email_bulk_jobs force row level security;
create policy email_bulk_jobs_workspace on email_bulk_jobs
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

create table email_bulk_recipients (
    workspace_id uuid not null,
    job_id       uuid not null,
    customer_id  uuid not null,
    state        text not null default 'pending' check (state in ('pending', 'queued', 'skipped')),
    -- Why a recipient was skipped: no_consent, suppressed, template_failed.
    reason       text,
    primary key (workspace_id, job_id, customer_id),
    foreign key (workspace_id, job_id) references email_bulk_jobs (workspace_id, id) on delete cascade,
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

create index email_bulk_recipients_pending_ix on email_bulk_recipients (workspace_id, job_id, customer_id) where state = 'pending';

alter table email_bulk_recipients enable row level security;
alter table email_bulk_recipients force row level security;
create policy email_bulk_recipients_workspace on email_bulk_recipients
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

alter table email_messages add column bulk_job_id uuid;
create unique index email_messages_bulk_recipient_uq on email_messages (workspace_id, bulk_job_id, customer_id) where bulk_job_id is not null;

alter table workspaces add column has_running_bulk_email boolean not null default false;
create index workspaces_has_running_bulk_email_ix on workspaces (id) where has_running_bulk_email;

create function email_bulk_jobs_mark_workspace() returns trigger
    language plpgsql
    as $$
begin
    update workspaces set has_running_bulk_email = true where id = new.workspace_id and not has_running_bulk_email;
    return null;
end
$$;
create trigger email_bulk_jobs_mark_workspace after insert on email_bulk_jobs
    for each row execute function email_bulk_jobs_mark_workspace();
