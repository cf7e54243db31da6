-- Activities (emails, calls, meetings, notes, tasks) on a customer, their attachments' metadata, and team members'
-- notifications (a task's reminder became due). All tenant tables: workspace_id in the key + row-level security.

create table activities (
    workspace_id   uuid        not null references workspaces (id),
    id             uuid        not null,
    customer_id    uuid        not null,
    type           text        not null check (type in ('email', 'call', 'meeting', 'note', 'task')),
    direction      text        check (direction in ('inbound', 'outbound')),
    subject        text        not null default '' check (length(subject) <= 300),
    description    text        check (length(description) <= 20000),
    -- Emails only: {"from", "to": [...], "cc": [...], "message_id"}.
    email_metadata jsonb,
    -- The team member who logged it; null when an integration (API key) did (the audit row names the key).
    created_by     uuid        references users (id),
    assigned_to    uuid        references users (id),
    due_at         timestamptz,
    -- Tasks only: pending → completed | cancelled (and back to pending when reopened).
    status         text        check (status in ('pending', 'completed', 'cancelled')),
    completed_at   timestamptz,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        integer     not null,
    primary key (workspace_id, id),
    -- Deleting a customer (possible only without orders) deletes its activities with it.
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
    -- A task has a status and a due time; anything else has neither.
    constraint activities_task_fields check (
        (type = 'task' and status is not null and due_at is not null)
        or (type <> 'task' and status is null and due_at is null and assigned_to is null)),
    constraint activities_email_metadata check (email_metadata is null or (type = 'email' and jsonb_typeof(email_metadata) = 'object'))
);

-- A customer's activities, newest first (the customer page, /customers/{id}/activities).
create index activities_customer_ix on activities (workspace_id, customer_id, created_at desc, id desc);
-- The default list order.
create index activities_created_ix on activities (workspace_id, created_at desc, id desc);
-- "My tasks": one assignee's tasks by status, soonest due first.
create index activities_assignee_ix on activities (workspace_id, assigned_to, status, due_at, id) where type = 'task';
-- Overdue: pending tasks by due time, across the workspace.
create index activities_overdue_ix on activities (workspace_id, due_at, id) where type = 'task' and status = 'pending';

-- Metadata of files attached to an activity; the bytes live in the attachment store (local disk or S3-compatible)
-- under storage_key. content_type is what the first bytes say the file is, never what its name or the client claims.
create table activity_attachments (
    workspace_id uuid        not null references workspaces (id),
    id           uuid        not null,
    activity_id  uuid        not null,
    file_name    text        not null check (length(file_name) between 1 and 255),
    content_type text        not null,
    size_bytes   bigint      not null check (size_bytes >= 0),
    storage_key  text        not null,
    sha256       text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by  uuid        references users (id),
    created_at   timestamptz not null,
    primary key (workspace_id, id),
    foreign key (workspace_id, activity_id) references activities (workspace_id, id) on delete cascade
);
create index activity_attachments_activity_ix on activity_attachments (workspace_id, activity_id, created_at, id);

-- What a team member is told (a task became due). dedupe_key makes a repeated delivery (a reminder that fires
-- again after a crash) a no-op.
create table notifications (
    workspace_id uuid        not null references workspaces (id),
    id           uuid        not null,
    user_id      uuid        not null references users (id),
    kind         text        not null,
    data         jsonb       not null default '{}',
    dedupe_key   text,
    created_at   timestamptz not null,
    read_at      timestamptz,
    primary key (workspace_id, id)
);
create index notifications_user_ix on notifications (workspace_id, user_id, created_at desc, id desc);
create index notifications_unread_ix on notifications (workspace_id, user_id) where read_at is null;
create unique index notifications_dedupe_uq on notifications (workspace_id, dedupe_key) where dedupe_key is not null;

do $$
declare t text;
begin
    foreach t in array array['activities', 'activity_attachments', 'notifications'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy %I on %I using (workspace_id = crm_current_workspace()) with check (workspace_id = crm_current_workspace())', t || '_workspace', t);
    end loop;
end $$;
