-- Message templates: email templates and agents' response templates, each with one variant per language
-- (subject, HTML body, plain-text body in Liquid). The variants are one JSON document, so a save replaces
-- them whole and a template is never seen with half its languages changed.

create table message_templates (
    workspace_id     uuid not null references workspaces (id),
    id               uuid not null,
    name             text not null,
    kind             text not null check (kind in ('email', 'response')),
    default_language text not null,
    variants         jsonb not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (workspace_id, id)
);

create unique index message_templates_name_uq on message_templates (workspace_id, lower(name));

alter table message_templates enable row level security;
alter table message_templates force row level security;
create policy message_templates_workspace on message_templates
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Emails to customers, queued in the same transaction that decided to send them, and delivered by the email
-- dispatcher with retries and backoff. A row is claimed with FOR UPDATE SKIP LOCKED for the time of one
-- attempt, so two API nodes never send the same row at once; message_id is fixed when queued, so a resend
-- after a crash carries the same Message-ID and receivers recognise it.
create table email_messages (
    workspace_id     uuid not null references workspaces (id),
    id               uuid not null,
    customer_id      uuid not null,
    template_id      uuid,
    language         text,
    purpose          text not null check (purpose in ('marketing', 'transactional')),
    to_address       text not null,
    subject          text not null,
    body_html        text not null,
    body_text        text not null,
    message_id       text not null,
    unsubscribe_url  text,
    status           text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_by       uuid,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz,
    primary key (workspace_id, id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade
);

create index email_messages_due_ix on email_messages (workspace_id, next_attempt_at) where status = 'queued';
create index email_messages_customer_ix on email_messages (workspace_id, customer_id, created_at desc);

alter table email_messages enable row level security;
alter table email_messages force row level security;
create policy email_messages_workspace on email_messages
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

-- Which workspaces the dispatcher visits: set by trigger whenever mail is queued, cleared by the dispatcher
-- when the workspace has none left (it also sweeps every workspace now and then).
alter table workspaces add column has_queued_email boolean not null default false;
create index workspaces_has_queued_email_ix on workspaces (id) where has_queued_email;

create function email_messages_mark_workspace() returns trigger
    language plpgsql
    as $$
begin
    update workspaces set has_queued_email = true where id = new.workspace_id and not has_queued_email;
    return null;
end
$$;
create trigger email_messages_mark_workspace after insert on email_messages
    for each row execute function email_messages_mark_workspace();
