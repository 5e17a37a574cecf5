#!/usr/bin/env bash
# Install (when missing) and start PostgreSQL and Redis on 127.0.0.1 for the test suite.
#
# Idempotent; needs root; works without a service manager (uses pg_ctlcluster, not systemd).
# Progress goes to stderr; stdout carries only `export ...` lines, so callers can do:
#     eval "$(bash scripts/services.sh)"
# Settings (environment): NACHLESE_PG_PASSWORD (default "nachlese"), NACHLESE_PG_PORT (default 5432,
# another free port is chosen when 5432 is taken by something else), NACHLESE_REDIS_PORT (default 6379).
set -euo pipefail

PG_USER=nachlese
PG_PASSWORD=${NACHLESE_PG_PASSWORD:-nachlese}
PG_DB=nachlese_test
PG_CLUSTER=main
PG_PORT_WANTED=${NACHLESE_PG_PORT:-5432}
REDIS_PORT=${NACHLESE_REDIS_PORT:-6379}

log() { echo "services.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (installs packages and starts servers)"

port_in_use() {  # port_in_use PORT: true when something listens on 127.0.0.1:PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {  # first free port from $1 upward
    local p=$1
    while port_in_use "$p"; do p=$((p + 1)); done
    echo "$p"
}

# --- install -------------------------------------------------------------------------------------
missing=()
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
    missing+=(postgresql)
fi
command -v redis-server >/dev/null || missing+=(redis-server)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# --- PostgreSQL ----------------------------------------------------------------------------------
PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
[[ -n $PG_VERSION ]] || die "no PostgreSQL version found under /usr/lib/postgresql"

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {f = 1} END {exit !f}'; then
    port=$(free_port "$PG_PORT_WANTED")
    log "creating cluster $PG_VERSION/$PG_CLUSTER on port $port"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$port" >&2
fi

set_pg_conf() {  # set_pg_conf KEY VALUE: replace the (possibly commented) KEY line in postgresql.conf
    local conf="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.conf"
    sed -i -E "s|^#?[[:space:]]*$1[[:space:]]*=.*|$1 = $2|" "$conf"
}

status=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $4}')
PG_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $3}')
if [[ $status != online ]]; then
    if port_in_use "$PG_PORT"; then  # the configured port is taken by another server: move ours
        PG_PORT=$(free_port "$PG_PORT")
        log "port taken, moving cluster to port $PG_PORT"
        set_pg_conf port "$PG_PORT"
    fi
    set_pg_conf listen_addresses "'127.0.0.1'"
    log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER on 127.0.0.1:$PG_PORT"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not become ready on port $PG_PORT"

psql_admin() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

# Role and database: create when missing, always (re)set the password; the role owns the database so
# tests can create and drop schemas in it.
psql_admin -v user="$PG_USER" -v pw="$PG_PASSWORD" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN CREATEDB PASSWORD :'pw';
SQL
psql_admin -v user="$PG_USER" -v db="$PG_DB" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'user', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

# --- Redis ---------------------------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    port_in_use "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis"
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
        --logfile /tmp/nachlese-redis.log >&2
    for _ in $(seq 1 40); do
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
        sleep 0.25
    done
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 || die "Redis did not start"
fi

log "ready"
echo "export NACHLESE_TEST_POSTGRES_URL=postgresql+psycopg2://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
echo "export NACHLESE_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
