#!/usr/bin/env bash
# Backups of the CRM's database with PostgreSQL's own tools (docs/operations.md).
#   backup.sh backup            pg_dump (custom format) into $CRM_BACKUP_DIR, then apply retention
#   backup.sh restore FILE      pg_restore FILE into the database, refused while a silo is alive
# Connections are Npgsql strings (Host=..;Port=..;Database=..;Username=..;Password=..). A backup reads through
# CRM_BACKUP_DB (else CRM_DB), which must be a role that bypasses row-level security (a superuser, or a role with
# BYPASSRLS and pg_read_all_data): the application's role is bound by the workspace policies even on the tables it
# owns, so it cannot read every workspace's rows. A restore writes through CRM_DB, the role that owns the schema.
set -euo pipefail

die() { printf 'crm: %s\n' "$*" >&2; exit 1; }
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$PG_BIN/pg_dump" ] || PG_BIN="$(dirname "$(command -v pg_dump || echo /nonexistent/pg_dump)")"
[ -x "$PG_BIN/pg_dump" ] || die "pg_dump not found: install the PostgreSQL client tools or set PG_BIN"

# Npgsql connection string -> libpq environment, so the password never appears on a command line.
use_connection() {
  local connection="$1" pair key value
  [ -n "$connection" ] || die "set CRM_BACKUP_DB (or CRM_DB) to the database's connection string"
  IFS=';' read -ra pairs <<<"$connection"
  for pair in "${pairs[@]}"; do
    key="$(printf '%s' "${pair%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    value="${pair#*=}"
    case "$key" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database|db) export PGDATABASE="$value" ;;
      username|user|userid|"user id") export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
    esac
  done
  [ -n "${PGDATABASE:-}" ] || die "the connection string names no Database"
}

cmd_backup() {
  use_connection "${CRM_BACKUP_DB:-${CRM_DB:-}}"
  local folder="${CRM_BACKUP_DIR:-${CRM_STATE:-.crm}/backups}" keep="${CRM_BACKUP_KEEP:-30}" days="${CRM_BACKUP_KEEP_DAYS:-30}"
  mkdir -p "$folder"
  local file; file="$folder/$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump"
  say "Backing up $PGDATABASE to $file"
  # One snapshot for the whole dump (pg_dump's repeatable-read transaction), so the file is consistent while the CRM
  # keeps writing; written under a temporary name and renamed, so a failed dump never looks like a backup.
  "$PG_BIN/pg_dump" --format=custom --compress=6 --file="$file.partial" \
    || { rm -f "$file.partial"; die "pg_dump failed; no backup was written"; }
  mv "$file.partial" "$file"
  # Retention: the newest $keep files, and none older than $days days; the backup just made always stays.
  local old
  while IFS= read -r old; do
    [ "$old" = "$file" ] || rm -f -- "$old"
  done < <(ls -1t "$folder"/"$PGDATABASE"-*.dump 2>/dev/null | tail -n +"$((keep + 1))")
  find "$folder" -maxdepth 1 -name "$PGDATABASE-*.dump" -mtime +"$days" ! -path "$file" -delete
  echo "$file"
}

# Silos renew their membership row at least every 5 minutes (Orleans' IAmAliveTablePublishTimeout); an active row renewed
# within 10 minutes is a live CRM. CRM_RESTORE_FORCE=1 overrides this for a silo known to be gone (killed, not stopped).
live_silos() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -c \
    "select count(*) from orleansmembershiptable where status = 3 and iamalivetime > now() at time zone 'utc' - interval '10 minutes'" 2>/dev/null || echo 0
}

cmd_restore() {
  local file="${1:-}"
  [ -n "$file" ] && [ -f "$file" ] || die "usage: ./crm restore FILE (an existing backup file)"
  use_connection "${CRM_DB:-}"
  "$PG_BIN/pg_restore" --list "$file" >/dev/null || die "$file is not a pg_dump archive"
  local live; live="$(live_silos | tr -d '[:space:]')"
  if [ "${live:-0}" != 0 ] && [ "${CRM_RESTORE_FORCE:-0}" != 1 ]; then
    die "$live silo(s) of the CRM are running on $PGDATABASE: stop every SimpleCrm process first (their grains would write their in-memory state over the restored rows)"
  fi
  say "Restoring $file into $PGDATABASE"
  # One transaction: either the database is exactly the backup, or it is left as it was.
  "$PG_BIN/pg_restore" --clean --if-exists --single-transaction --exit-on-error \
    --dbname="$PGDATABASE" "$file" || die "pg_restore failed; the database was left as it was"
  say "Restored. Start the CRM again; silos rejoin a fresh membership generation and reminders fire from the restored table."
}

case "${1:-}" in
  backup) shift; cmd_backup "$@" ;;
  restore) shift; cmd_restore "$@" ;;
  *) die "usage: backup.sh backup | restore FILE" ;;
esac
