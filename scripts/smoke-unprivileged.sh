#!/usr/bin/env bash
# First run as a normal user under a POSIX locale, the usual case on a laptop: in a copy of this checkout owned
# by an unprivileged user, `./crm up` provisions its own PostgreSQL cluster, builds and starts the CRM; then a
# customer with a non-ASCII name is created through the API and read back, and everything is stopped again.
# Run as root (CI does): it creates the user when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USER_NAME="${CRM_SMOKE_USER:-crmsmoke}"
PORT="${CRM_SMOKE_PORT:-5070}"
# The first free port from 5434 on, unless one is given: another cluster of this user may hold 5434.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT="${CRM_SMOKE_PG_PORT:-}"
if [ -z "$PG_PORT" ]; then
  for candidate in $(seq 5434 5499); do port_is_free "$candidate" && { PG_PORT="$candidate"; break; }; done
fi

say() { printf '\033[1m==> smoke: %s\033[0m\n' "$*" >&2; }
fail() { printf 'smoke test failed: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root: it creates and switches to the user $USER_NAME"
id -u "$USER_NAME" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$USER_NAME"
HOME_DIR="$(getent passwd "$USER_NAME" | cut -d: -f6)"
WORK="$HOME_DIR/simplecrm"
LOG="$HOME_DIR/crm-up.log"

as_user() {
  # A login shell with a bare POSIX environment: no LANG/LC_*, so tools fall back to the C locale.
  su - "$USER_NAME" -c "$(printf 'env -u LANG -u LC_ALL -u LANGUAGE LC_CTYPE=POSIX PATH=/usr/local/bin:/usr/bin:/bin DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 bash -c %q' "$1")"
}

stop_everything() {
  if [ -s "$HOME_DIR/crm.pid" ]; then
    local pid; pid="$(cat "$HOME_DIR/crm.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  as_user "cd ~/simplecrm && [ -f .crm/pg/data/PG_VERSION ] && \$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pg_ctl -D .crm/pg/data -m fast stop >/dev/null 2>&1 || true"
}
trap stop_everything EXIT

say "copying the checkout for $USER_NAME"
rm -rf "$WORK" "$HOME_DIR/crm.pid" "$LOG"
mkdir -p "$WORK"
tar -C "$ROOT" --exclude=./.git --exclude=./.crm --exclude='*/node_modules' --exclude='*/bin' --exclude='*/obj' \
  --exclude=./src/Web/dist --exclude=./src/Web/test-results -cf - . | tar -C "$WORK" -xf -
chown -R "$USER_NAME": "$WORK"

say "./crm up as $USER_NAME (locale $(as_user 'locale 2>/dev/null | grep LC_CTYPE'))"
# ./crm up ends in exec, so the pid written here is the server's own.
as_user "cd ~/simplecrm || exit 1; CRM_PORT=$PORT CRM_PG_PORT=$PG_PORT Crm__Cluster__SiloPort=11711 Crm__Cluster__GatewayPort=30700 \
  nohup ./crm up >$LOG 2>&1 & echo \$! >~/crm.pid"

ready=0
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$(cat "$HOME_DIR/crm.pid")" 2>/dev/null || break
  sleep 1
done
[ "$ready" = 1 ] || { tail -n 60 "$LOG" >&2; fail "./crm up did not become ready as $USER_NAME"; }
for _ in $(seq 1 30); do [ -s "$WORK/.crm/first-admin.txt" ] && break; sleep 0.5; done

email="$(sed -n 1p "$WORK/.crm/first-admin.txt")" password="$(sed -n 2p "$WORK/.crm/first-admin.txt")"
token="$(curl -fs "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')"
[ -n "$token" ] && [ "$token" != undefined ] || fail "could not sign in as the first admin"

created="$(curl -fs "http://127.0.0.1:$PORT/api/v1/customers" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"first_name":"Anna","last_name":"Müller-Łukasiewicz 王","email":"anna.smoke@example.de","country_code":"DE","phone":"030 1234567"}')" \
  || fail "creating a customer with a non-ASCII name failed"
id="$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$created")"
name="$(curl -fs "http://127.0.0.1:$PORT/api/v1/customers/$id" -H "Authorization: Bearer $token" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).last_name))')"
[ "$name" = "Müller-Łukasiewicz 王" ] || fail "read back '$name' instead of 'Müller-Łukasiewicz 王'"
encoding="$(as_user "psql -h ~/simplecrm/.crm/pg/run -p $PG_PORT -U postgres -d simplecrm -Atc 'show server_encoding'")"
[ "$encoding" = UTF8 ] || fail "the private cluster's database is $encoding, not UTF8"

stop_everything
trap - EXIT
! pgrep -u "$USER_NAME" -f SimpleCrm.Api.dll >/dev/null || fail "the CRM was still running after it was stopped"
say "passed: ./crm up as $USER_NAME, customer 'Anna Müller-Łukasiewicz 王' created and read back, database UTF8"
