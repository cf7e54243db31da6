-- Reply threading. Every email the CRM sends belongs to a thread (its own id when it starts one, the thread of the
-- message it answers otherwise); replies coming back through SendGrid Inbound Parse or a polled IMAP mailbox find
-- their thread by the Message-IDs they name in In-Reply-To / References.

alter table email_messages add column thread_id uuid;
alter table email_messages add column in_reply_to text;
update email_messages set thread_id = id where thread_id is null;
alter table email_messages alter column thread_id set not null;
create index email_messages_message_id_ix on email_messages (workspace_id, message_id);

-- Every inbound email received, once per Message-ID (a redelivered webhook or a mailbox read twice is recognised here).
-- A threaded one points at the inbound email activity made from it; an unmatched one (unknown sender, no thread) is
-- kept with enough of its content for someone to look at it.
create table email_inbound (
    workspace_id uuid not null references workspaces (id),
    message_id   text not null check (length(message_id) between 1 and 1000),
    source       text not null check (source in ('sendgrid', 'imap')),
    status       text not null check (status in ('threaded', 'unmatched')),
    customer_id  uuid,
    thread_id    uuid,
    activity_id  uuid,
    from_address text not null,
    subject      text not null,
    body_text    text not null,
    received_at  timestamptz not null default now(),
    primary key (workspace_id, message_id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
    check ((status = 'threaded') = (customer_id is not null and thread_id is not null and activity_id is not null))
);

create index email_inbound_unmatched_ix on email_inbound (workspace_id, received_at desc) where status = 'unmatched';

alter table email_inbound enable row level security;
alter table email_inbound force row level security;
create policy email_inbound_workspace on email_inbound
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- The workspace's mailbox sync: the Inbound Parse token (only its SHA-256 is kept) and the IMAP mailbox polled for
-- replies (password encrypted with the Data Protection key ring), with the poller's lease, its UID checkpoint
-- (valid while the folder's UIDVALIDITY stays the same) and its health.
create table mail_sync_settings (
    workspace_id        uuid primary key references workspaces (id),
    inbound_token_hash  text,
    imap_enabled        boolean not null default false,
    imap_host           text,
    imap_port           integer check (imap_port between 1 and 65535),
    imap_tls            boolean not null default true,
    imap_username       text,
    imap_password_protected text,
    imap_folder         text not null default 'INBOX',
    uid_validity        bigint,
    last_uid            bigint not null default 0,
    lease_owner         text,
    lease_until         timestamptz,
    last_poll_at        timestamptz,
    last_error          text,
    imported_count      bigint not null default 0,
    updated_at          timestamptz not null default now()
);

alter table mail_sync_settings enable row level security;
alter table mail_sync_settings force row level security;
create policy mail_sync_settings_workspace on mail_sync_settings
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
