-- Segments: named customer sets, either dynamic (rules, kept live by the customers' grains) or static (hand-picked).
-- Membership is a history: a row per stay in a segment, open while left_at is null, so "who was in X on a date" is a
-- range query and the current members are the open rows.

create table segments (
    workspace_id uuid not null references workspaces (id),
    id           uuid not null,
    name         text not null,
    kind         text not null check (kind in ('dynamic', 'static')),
    rules        jsonb,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    version      integer not null default 1,
    primary key (workspace_id, id),
    check ((kind = 'dynamic') = (rules is not null))
);
create unique index segments_name_uq on segments (workspace_id, lower(name));

create table segment_memberships (
    workspace_id uuid not null,
    segment_id   uuid not null,
    customer_id  uuid not null,
    entered_at   timestamptz not null,
    left_at      timestamptz,
    primary key (workspace_id, segment_id, customer_id, entered_at),
    foreign key (workspace_id, segment_id) references segments (workspace_id, id) on delete cascade,
    check (left_at is null or left_at >= entered_at)
);
-- One open stay per customer and segment; also the index of a segment's current members (count, paging, ?segment=).
create unique index segment_memberships_open_ux on segment_memberships (workspace_id, segment_id, customer_id) where left_at is null;
-- A customer's open stays, read when the customer changes.
create index segment_memberships_customer_ix on segment_memberships (workspace_id, customer_id) where left_at is null;

-- When time alone may next change a customer's segments ("no order in 90 days"): one row per such customer, swept
-- by one timer per workspace through the index, instead of one reminder per customer per segment.
create table segment_flips (
    workspace_id uuid not null references workspaces (id),
    customer_id  uuid not null,
    flips_at     timestamptz not null,
    primary key (workspace_id, customer_id)
);
create index segment_flips_due_ix on segment_flips (workspace_id, flips_at);

alter table segments enable row level security;
alter table segments force row level security;
create policy segments_workspace on segments
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

alter table segment_memberships enable row level security;
alter table segment_memberships force row level security;
create policy segment_memberships_workspace on segment_memberships
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

alter table segment_flips enable row level security;
alter table segment_flips force row level security;
create policy segment_flips_workspace on segment_flips
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
