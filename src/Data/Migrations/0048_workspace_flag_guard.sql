-- The flags that tell a dispatcher which workspaces to visit (queued customer mail, queued account mail, bulk jobs
-- still queueing) were set by a trigger only when false and cleared by the dispatcher when it found nothing
-- pending. The two raced: a transaction that queued mail while the flag was still true set nothing, and a
-- dispatcher that looked before that transaction committed did not see the mail and cleared the flag, so the
-- mail waited for the next sweep of every workspace (minutes) instead of going out at once.
--
-- Now each writer holds a shared advisory lock per workspace and flag until it commits, and a dispatcher takes the
-- same lock exclusively before it looks for pending work and clears: it waits for writers in flight, so it sees
-- what they queued, and writers that come after it see the cleared flag and set it again. Writers never wait for
-- one another.
create function crm_workspace_flag_key(flag text, workspace uuid) returns bigint
    language sql immutable parallel safe
    as $$ select hashtextextended(flag || ':' || workspace::text, 0) $$;

-- Row trigger: TG_ARGV[0] names the workspaces flag column the new row raises.
create function crm_raise_workspace_flag() returns trigger
    language plpgsql
    as $$
begin
    perform pg_advisory_xact_lock_shared(crm_workspace_flag_key(tg_argv[0], new.workspace_id));
    execute format('update workspaces set %1$I = true where id = $1 and not %1$I', tg_argv[0]) using new.workspace_id;
    return null;
end
$$;

drop trigger email_messages_mark_workspace on email_messages;
drop function email_messages_mark_workspace();
create trigger email_messages_raise_workspace_flag after insert on email_messages
    for each row execute function crm_raise_workspace_flag('has_queued_email');

drop trigger outbox_mark_account_mail on outbox;
drop function outbox_mark_account_mail();
create trigger outbox_raise_workspace_flag after insert on outbox
    for each row when (new.topic = 'mail.account' and new.next_attempt_at is not null)
    execute function crm_raise_workspace_flag('has_queued_account_mail');

drop trigger email_bulk_jobs_mark_workspace on email_bulk_jobs;
drop function email_bulk_jobs_mark_workspace();
create trigger email_bulk_jobs_raise_workspace_flag after insert on email_bulk_jobs
    for each row execute function crm_raise_workspace_flag('has_running_bulk_email');
