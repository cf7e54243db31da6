-- Custom field definitions per workspace: customers' custom_fields values are validated against them.

create table custom_field_definitions (
    workspace_id uuid not null references workspaces (id),
    key          text not null check (key ~ '^[a-z][a-z0-9_]{0,63}$'),
    label        text not null check (length(label) between 1 and 100),
    type         text not null check (type in ('text', 'number', 'date', 'boolean', 'select')),
    options      text[] not null default '{}',
    required     boolean not null default false,
    created_at   timestamptz not null default now(),
    primary key (workspace_id, key),
    check (type <> 'select' or cardinality(options) > 0)
);

alter table custom_field_definitions enable row level security;
alter table custom_field_definitions force row level security;
create policy custom_field_definitions_workspace on custom_field_definitions
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());
