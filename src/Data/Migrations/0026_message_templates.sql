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
