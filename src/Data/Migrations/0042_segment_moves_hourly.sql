-- A segment's entries minus exits per UTC hour, for its member count per day: the count at the end of a day is the
-- sum of every hour up to it, so in a zone whose days are whole UTC hours the history of a year is at most 8,760 rows
-- per segment instead of all its stays. An hour is keyed by its end and holds the moves in (end - 1 hour, end]: a move
-- at exactly midnight belongs to the day that ends then, as in the count of the members at that instant.
-- Triggers on segment_memberships keep it exact in the writing transaction, as signed sums upserted in key order.
create table segment_moves_hourly (
    workspace_id uuid        not null references workspaces (id),
    segment_id   uuid        not null,
    hour_end     timestamptz not null,
    members      integer     not null,
    primary key (workspace_id, segment_id, hour_end)
);

alter table segment_moves_hourly enable row level security;
alter table segment_moves_hourly force row level security;
create policy segment_moves_hourly_workspace on segment_moves_hourly
    using (workspace_id = crm_current_workspace())
    with check (workspace_id = crm_current_workspace());

create function crm_segment_hour_end(at timestamptz) returns timestamptz
    language sql
    stable
    as $$ select date_trunc('hour', at - interval '1 microsecond', 'UTC') + interval '1 hour' $$;

-- A stay's signed moves: its entry, and its exit once it has one.
create function crm_segment_moves(m segment_memberships, sign integer) returns setof segment_moves_hourly
    language sql
    stable
    as $$
    select row(m.workspace_id, m.segment_id, crm_segment_hour_end(m.entered_at), sign)::segment_moves_hourly
    union all
    select row(m.workspace_id, m.segment_id, crm_segment_hour_end(m.left_at), -sign)::segment_moves_hourly where m.left_at is not null
$$;

create function crm_segment_moves_hourly_add(changes segment_moves_hourly[]) returns void
    language sql
    as $$
    insert into segment_moves_hourly as r (workspace_id, segment_id, hour_end, members)
    select c.workspace_id, c.segment_id, c.hour_end, sum(c.members)
    from unnest(changes) c
    group by 1, 2, 3
    having sum(c.members) <> 0
    order by 1, 2, 3
    on conflict (workspace_id, segment_id, hour_end) do update set members = r.members + excluded.members;
$$;

create function crm_segment_moves_hourly_on_change() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        perform crm_segment_moves_hourly_add(array(select crm_segment_moves(n, 1) from new_stays n));
    elsif tg_op = 'DELETE' then
        -- Stays removed with their segment leave nothing behind (the segment's rows go with it, below).
        perform crm_segment_moves_hourly_add(array(
            select crm_segment_moves(o, -1) from old_stays o
            where exists (select 1 from segments s where s.workspace_id = o.workspace_id and s.id = o.segment_id)));
    else
        perform crm_segment_moves_hourly_add(array(
            select crm_segment_moves(n, 1) from new_stays n union all select crm_segment_moves(o, -1) from old_stays o));
    end if;
    return null;
end
$$;

create trigger segment_memberships_moves_hourly_insert after insert on segment_memberships
    referencing new table as new_stays for each statement execute function crm_segment_moves_hourly_on_change();
create trigger segment_memberships_moves_hourly_update after update on segment_memberships
    referencing old table as old_stays new table as new_stays for each statement execute function crm_segment_moves_hourly_on_change();
create trigger segment_memberships_moves_hourly_delete after delete on segment_memberships
    referencing old table as old_stays for each statement execute function crm_segment_moves_hourly_on_change();

create function crm_segment_moves_hourly_on_segment_delete() returns trigger
    language plpgsql
    as $$
begin
    delete from segment_moves_hourly r using old_segments s where r.workspace_id = s.workspace_id and r.segment_id = s.id;
    return null;
end
$$;

create trigger segments_moves_hourly_delete after delete on segments
    referencing old table as old_segments for each statement execute function crm_segment_moves_hourly_on_segment_delete();

-- The stays already there (the owner runs this under FORCE RLS: one workspace at a time).
do $$
declare
    ws uuid;
begin
    for ws in select id from workspaces loop
        perform set_config('crm.workspace_id', ws::text, true);
        insert into segment_moves_hourly (workspace_id, segment_id, hour_end, members)
        select d.workspace_id, d.segment_id, d.hour_end, sum(d.members)
        from segment_memberships m cross join lateral crm_segment_moves(m, 1) d
        where m.workspace_id = ws
        group by 1, 2, 3
        having sum(d.members) <> 0;
    end loop;
    perform set_config('crm.workspace_id', '', true);
end
$$;
-- Statistics now, not when autovacuum comes by: with none the planner takes the table for empty and sorts it on disk.
analyze segment_moves_hourly;
