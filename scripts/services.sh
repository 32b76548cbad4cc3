#!/usr/bin/env bash
# Installs (from Debian's packages) and starts what the integration and end-to-end tests need:
# PostgreSQL, Redis and Chromium, as daemons on loopback. Idempotent: packages already installed
# are not reinstalled, servers already answering are left alone.
set -euo pipefail

PG_PORT="${LODESTAR_PG_PORT:-5432}"
REDIS_PORT="${LODESTAR_REDIS_PORT:-6379}"
RUN_DIR="${LODESTAR_RUN_DIR:-/tmp/lodestar-services}"
mkdir -p "$RUN_DIR"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "services: '$*' needs root (or sudo) to install test services" >&2; exit 2
  fi
}

missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "services: installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >"$RUN_DIR/apt.log" 2>&1 \
    || { tail -20 "$RUN_DIR/apt.log" >&2; exit 2; }
fi

# PostgreSQL: the newest cluster Debian created; start it if it is down.
read -r pg_ver pg_cluster < <(pg_lsclusters -h | sort -k1,1n | tail -1 | awk '{print $1, $2}')
if [ -z "${pg_ver:-}" ]; then
  pg_ver=$(ls /usr/lib/postgresql | sort -n | tail -1); pg_cluster=main
  as_root pg_createcluster "$pg_ver" "$pg_cluster" --port "$PG_PORT" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$pg_ver" -v c="$pg_cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$pg_ver" "$pg_cluster" start
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_ver" -v c="$pg_cluster" '$1==v && $2==c {print $3}')
psql_admin() { as_root runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qtA "$@"; }
for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
# A non-superuser role for the app (CREATEDB so tests can make throwaway databases).
psql_admin -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'lodestar') then
  create role lodestar login createdb password 'lodestar'; end if; end \$\$;"
psql_admin -c "select 1 from pg_database where datname = 'lodestar_test'" | grep -q 1 \
  || psql_admin -c "create database lodestar_test owner lodestar"
# The Machinaut app's login role (docs/adr/0022): owns nothing, no BYPASSRLS, no CREATEDB; the
# migrations (run as lodestar, the owner) grant it what it needs. Roles are per cluster, so the
# throwaway databases the tests create all share it.
psql_admin -c "do \$\$ begin if not exists (select from pg_roles where rolname = 'machinaut_app') then
  create role machinaut_app login nosuperuser nocreatedb nocreaterole nobypassrls password 'machinaut_app';
  end if; end \$\$;"

# Redis: no persistence for tests.
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$RUN_DIR/redis.pid" \
    --logfile "$RUN_DIR/redis.log" --save '' --appendonly no
  for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

echo "DATABASE_URL=postgresql://lodestar:lodestar@127.0.0.1:${pg_port}/lodestar_test"
echo "DATABASE_APP_URL=postgresql://machinaut_app:machinaut_app@127.0.0.1:${pg_port}/lodestar_test"
echo "REDIS_URL=redis://127.0.0.1:${REDIS_PORT}"
echo "CHROMIUM_PATH=$(command -v chromium)"
