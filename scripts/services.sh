#!/usr/bin/env bash
# Private PostgreSQL and RabbitMQ servers for the integration tests, on loopback only.
#
#   bash scripts/services.sh start        install if missing, start both, write the env file
#   bash scripts/services.sh stop         stop both (tolerates a partial or failed start)
#   bash scripts/services.sh env          print the env file's path (source it to reach the servers)
#   bash scripts/services.sh rabbitmqctl ARGS...   run rabbitmqctl against the private node
#   bash scripts/services.sh psql ARGS...          run psql against the test database
#   bash scripts/services.sh restart-rabbitmq [DOWN_SECONDS]   stop the broker application (every
#                                         connection drops), wait, start it again on the same node and port
#   bash scripts/services.sh restart-postgres [DOWN_SECONDS]   pg_ctl restart -m immediate (a crash and
#                                         recovery); with seconds, stop -m immediate, wait, start, same port
#
# Runs as root on Debian 12. Everything lives under a state directory, by default $REPO/.ci-state
# (INTERLUDE_SERVICES_DIR overrides it). Ports are picked free on 127.0.0.1 each start, including a
# private epmd port, so several runs (or another RabbitMQ on 4369/5672) never collide.
#
# `start` when the servers of this state directory are already running stops them first and starts
# fresh ones: every start gives empty databases and a new virtual host. `stop` removes the servers'
# own data folders (postgres/, rabbitmq/) and the env file; their logs are kept in logs/.
#
# Waits are bounded by INTERLUDE_SERVICES_TIMEOUT seconds each (default 60).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${INTERLUDE_SERVICES_DIR:-$REPO/.ci-state}
TIMEOUT=${INTERLUDE_SERVICES_TIMEOUT:-60}
STATE_FILE=services.state   # under $STATE: what is running, for stop
ENV_FILE=env                # under $STATE: what the tests source

PG_VERSION=15
RMQ_LIB=/usr/lib/rabbitmq/bin
PG_ROLE=interlude
PG_DB=interlude
RMQ_USER=interlude

log() { printf 'services: %s\n' "$*" >&2; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" -eq 0 ] || die "must run as root (it installs packages and runs the servers as the postgres and rabbitmq users)"
}

abs_state() {
  mkdir -p "$STATE"
  STATE=$(cd "$STATE" && pwd)
}

pg_bin() {
  local dir=/usr/lib/postgresql/$PG_VERSION/bin
  if [ ! -x "$dir/initdb" ]; then
    # Another major version is acceptable when 15 is not installed (e.g. a later Debian).
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || return 1
  printf '%s\n' "$dir"
}

# ---------------------------------------------------------------------------------------- install
install_packages() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  [ -x "$RMQ_LIB/rabbitmq-server" ] && [ -x "$RMQ_LIB/rabbitmqctl" ] || missing+=(rabbitmq-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"

  log "installing ${missing[*]} (apt-get; log in $STATE/logs/apt.log)"
  local temp_policy=0 status=0
  # Package scripts must not start the system-wide services (they would listen on 5672/4369/5432).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    temp_policy=1
  fi
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q &&
      apt-get install -y -q -o DPkg::Lock::Timeout=300 "${missing[@]}"
  } >"$STATE/logs/apt.log" 2>&1 || status=$?
  [ "$temp_policy" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$status" -ne 0 ]; then
    tail -n 20 "$STATE/logs/apt.log" >&2 || true
    die "apt-get install ${missing[*]} failed (exit $status); see $STATE/logs/apt.log"
  fi
  pg_bin >/dev/null || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
  [ -x "$RMQ_LIB/rabbitmq-server" ] || die "rabbitmq-server installed but $RMQ_LIB/rabbitmq-server is missing"
}

# ------------------------------------------------------------------------------------------ ports
port_in_use() {
  # Something accepts connections on 127.0.0.1:$1 (or the port is otherwise taken).
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

TAKEN_PORTS=" "
free_port() {
  # Sets FREE_PORT (not printed: a subshell would forget TAKEN_PORTS). Picked below the kernel's
  # ephemeral range (32768+), so that no outgoing connection holds it.
  local port i
  for i in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
    case "$TAKEN_PORTS" in *" $port "*) continue ;; esac
    if ! port_in_use "$port"; then
      TAKEN_PORTS="$TAKEN_PORTS$port "
      FREE_PORT=$port
      return 0
    fi
  done
  die "found no free TCP port on 127.0.0.1"
}

random_secret() {
  # Letters and digits only: safe inside an Npgsql connection string and on a command line.
  local s
  s=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
  printf '%s\n' "$s"
}

# ------------------------------------------------------------------------------------ state files
record() { printf '%s=%q\n' "$1" "$2" >>"$STATE/$STATE_FILE"; }

load_state() {
  # Sets the variables recorded by the last start; none if there is no state file.
  PG_BASE= PG_DATA= PG_SOCK= PG_PORT= PG_BIN= PG_SUPERPASS=
  RMQ_BASE= RMQ_NODENAME= RMQ_PORT= RMQ_DIST_PORT= EPMD_PORT= EPMD_PID= EPMD_BIN=
  if [ -f "$STATE/$STATE_FILE" ]; then
    # shellcheck disable=SC1090
    . "$STATE/$STATE_FILE"
  fi
}

# A folder owned by USER for a server's data. Under the state dir when USER can reach it there;
# otherwise (a state dir below a private folder such as /root) a private folder in /tmp.
private_dir() {
  local name=$1 user=$2 dir
  dir=$STATE/$name
  rm -rf "$dir"
  mkdir -p "$dir"
  chown "$user": "$dir"
  chmod 700 "$dir"
  # The unix socket path must stay short (108 bytes), so a deep state dir also moves to /tmp.
  if ! runuser -u "$user" -- test -w "$dir" || [ ${#dir} -gt 70 ]; then
    rm -rf "$dir"
    dir=$(mktemp -d "${TMPDIR:-/tmp}/interlude-$name.XXXXXX")
    chown "$user": "$dir"
    chmod 700 "$dir"
  fi
  printf '%s\n' "$dir"
}

# ------------------------------------------------------------------------------------- postgres
pg_as() { (cd / && runuser -u postgres -- "$@"); }

start_postgres() {
  PG_BIN=$(pg_bin) || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
  PG_BASE=$(private_dir postgres postgres)
  PG_DATA=$PG_BASE/data
  PG_SOCK=$PG_BASE/sock
  PG_SUPERPASS=$(random_secret)
  record PG_BIN "$PG_BIN"
  record PG_BASE "$PG_BASE"
  record PG_DATA "$PG_DATA"
  record PG_SOCK "$PG_SOCK"
  record PG_SUPERPASS "$PG_SUPERPASS"

  pg_as mkdir -m 700 "$PG_SOCK"
  printf '%s\n' "$PG_SUPERPASS" >"$PG_BASE/pwfile"
  chown postgres: "$PG_BASE/pwfile"
  chmod 600 "$PG_BASE/pwfile"
  if ! pg_as "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A scram-sha-256 --pwfile="$PG_BASE/pwfile" \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$STATE/logs/initdb.log" 2>&1; then
    tail -n 20 "$STATE/logs/initdb.log" >&2 || true
    die "initdb failed; see $STATE/logs/initdb.log"
  fi
  rm -f "$PG_BASE/pwfile"

  local attempt
  for attempt in 1 2 3; do
    free_port; PG_PORT=$FREE_PORT
    record PG_PORT "$PG_PORT"
    if pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_BASE/server.log" -w -t "$TIMEOUT" \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_SOCK" \
        start >"$STATE/logs/pg_ctl.log" 2>&1; then
      break
    fi
    if grep -q 'could not bind\|already in use' "$PG_BASE/server.log" 2>/dev/null && [ "$attempt" -lt 3 ]; then
      log "PostgreSQL port $PG_PORT was taken meanwhile; trying another"
      continue
    fi
    tail -n 20 "$PG_BASE/server.log" >&2 2>/dev/null || true
    die "PostgreSQL did not start within ${TIMEOUT}s on 127.0.0.1:$PG_PORT; see $PG_BASE/server.log"
  done

  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t "$TIMEOUT" ||
    die "PostgreSQL on 127.0.0.1:$PG_PORT does not answer pg_isready within ${TIMEOUT}s"

  PG_PASSWORD=$(random_secret)
  local su=(env PGPASSWORD="$PG_SUPERPASS" PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1
            -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres)
  "${su[@]}" -c "CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >/dev/null ||
    die "could not create the PostgreSQL role $PG_ROLE"
  "${su[@]}" -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE" >/dev/null ||
    die "could not create the PostgreSQL database $PG_DB"

  # The tests' own path: TCP, password, the test role.
  local one
  one=$(PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$PG_PORT" \
          -U "$PG_ROLE" -d "$PG_DB" -c 'select 1') || true
  [ "$one" = 1 ] || die "PostgreSQL: 'select 1' as $PG_ROLE over 127.0.0.1:$PG_PORT failed"
  log "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}

stop_postgres() {
  [ -n "$PG_DATA" ] || return 0
  if [ -f "$PG_DATA/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
    if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$TIMEOUT" stop >/dev/null 2>&1; then
      local pid
      pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then
        log "pg_ctl stop failed; ending postmaster $pid"
        kill -QUIT "$pid" 2>/dev/null || true
        wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  cp "$PG_BASE/server.log" "$STATE/logs/postgres.log" 2>/dev/null || true
}

# ------------------------------------------------------------------------------------- rabbitmq
rmq_env() {
  # The environment every rabbitmq command of this node needs; as `env` arguments.
  printf '%s\n' \
    "HOME=$RMQ_BASE/home" \
    "RABBITMQ_NODENAME=$RMQ_NODENAME" \
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
    "RABBITMQ_NODE_PORT=$RMQ_PORT" \
    "RABBITMQ_DIST_PORT=$RMQ_DIST_PORT" \
    "ERL_EPMD_PORT=$EPMD_PORT" \
    "ERL_EPMD_ADDRESS=127.0.0.1" \
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
    "RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
    "RABBITMQ_MNESIA_BASE=$RMQ_BASE/mnesia" \
    "RABBITMQ_LOG_BASE=$RMQ_BASE/log" \
    "RABBITMQ_PID_FILE=$RMQ_BASE/rabbit.pid" \
    "RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_BASE/enabled_plugins" \
    "RABBITMQ_CONFIG_FILE=$RMQ_BASE/rabbitmq.conf" \
    "RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ_BASE/advanced.config" \
    "RABBITMQ_CONF_ENV_FILE=$RMQ_BASE/rabbitmq-env.conf"
}

rmq_as() {
  # Run a rabbitmq script as the rabbitmq user with this node's environment.
  local cmd=$1; shift
  local envs=()
  mapfile -t envs < <(rmq_env)
  (cd "$RMQ_BASE" && timeout -k 5 "$TIMEOUT" runuser -u rabbitmq -- env "${envs[@]}" "$RMQ_LIB/$cmd" "$@")
}

rmqctl() { rmq_as rabbitmqctl -n "$RMQ_NODENAME" "$@"; }

epmd_bin() {
  local b
  b=$(command -v epmd 2>/dev/null || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$b" ] && [ -x "$b" ] || return 1
  printf '%s\n' "$b"
}

alive() {
  # Running, not a zombie (an ended daemon stays a zombie until PID 1 gets round to reaping it).
  local state
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

wait_gone() {
  local pid=$1 i
  for i in $(seq 1 $((TIMEOUT * 10))); do
    alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

launch_rabbitmq() {
  # Starts epmd and the node; await_rabbitmq waits for it (PostgreSQL starts meanwhile).
  RMQ_BASE=$(private_dir rabbitmq rabbitmq)
  RMQ_NODENAME="interlude-$(date +%s)-$$-$RANDOM@localhost"
  RMQ_VHOST="interlude-$(date +%Y%m%d%H%M%S)-$RANDOM"
  RMQ_PASSWORD=$(random_secret)
  free_port; RMQ_PORT=$FREE_PORT
  free_port; RMQ_DIST_PORT=$FREE_PORT
  free_port; EPMD_PORT=$FREE_PORT
  record RMQ_BASE "$RMQ_BASE"
  record RMQ_NODENAME "$RMQ_NODENAME"
  record RMQ_PORT "$RMQ_PORT"
  record RMQ_DIST_PORT "$RMQ_DIST_PORT"
  record EPMD_PORT "$EPMD_PORT"

  # Private files: no system-wide config, plugins or cookie take part. The test user, the run's
  # virtual host and the user's permissions on it are definitions the node imports as it boots
  # (one rabbitmqctl call costs about a second; three would be most of the start time).
  (
    umask 077
    mkdir -p "$RMQ_BASE/home" "$RMQ_BASE/mnesia" "$RMQ_BASE/log"
    printf '[].\n' >"$RMQ_BASE/enabled_plugins"
    printf 'load_definitions = %s\n' "$RMQ_BASE/definitions.json" >"$RMQ_BASE/rabbitmq.conf"
    printf '[].\n' >"$RMQ_BASE/advanced.config"
    : >"$RMQ_BASE/rabbitmq-env.conf"
    cat >"$RMQ_BASE/definitions.json" <<JSON
{
  "users": [{"name": "$RMQ_USER", "password": "$RMQ_PASSWORD", "tags": ""}],
  "vhosts": [{"name": "$RMQ_VHOST"}],
  "permissions": [{"user": "$RMQ_USER", "vhost": "$RMQ_VHOST", "configure": ".*", "write": ".*", "read": ".*"}]
}
JSON
    random_secret >"$RMQ_BASE/home/.erlang.cookie"
    chmod 400 "$RMQ_BASE/home/.erlang.cookie"
  )
  chown -R rabbitmq: "$RMQ_BASE"
  chmod 644 "$RMQ_BASE/enabled_plugins" "$RMQ_BASE/rabbitmq.conf" "$RMQ_BASE/advanced.config" "$RMQ_BASE/rabbitmq-env.conf"

  # Our own epmd on our own port, so its pid is known and 4369 is never touched.
  EPMD_BIN=$(epmd_bin) || die "epmd not found (erlang-base should provide it)"
  record EPMD_BIN "$EPMD_BIN"
  ERL_EPMD_PORT=$EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1 \
    nohup "$EPMD_BIN" -port "$EPMD_PORT" -address 127.0.0.1 </dev/null >"$STATE/logs/epmd.log" 2>&1 &
  EPMD_PID=$!
  record EPMD_PID "$EPMD_PID"
  local deadline=$((SECONDS + TIMEOUT))
  until port_in_use "$EPMD_PORT"; do
    alive "$EPMD_PID" || die "epmd exited at once; see $STATE/logs/epmd.log"
    [ "$SECONDS" -lt "$deadline" ] || die "epmd did not listen on 127.0.0.1:$EPMD_PORT within ${TIMEOUT}s"
    sleep 0.1
  done

  if ! rmq_as rabbitmq-server -detached >"$STATE/logs/rabbitmq-start.log" 2>&1; then
    tail -n 20 "$STATE/logs/rabbitmq-start.log" >&2 || true
    die "rabbitmq-server -detached failed; see $STATE/logs/rabbitmq-start.log"
  fi
}

await_rabbitmq() {
  # await_startup fails at once (69) until the node has registered with epmd: poll it.
  local deadline=$((SECONDS + TIMEOUT))
  until rmqctl -q await_startup --timeout "$TIMEOUT" >"$STATE/logs/rabbitmq-await.log" 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$RMQ_BASE/log/$RMQ_NODENAME.log" >&2 2>/dev/null || tail -n 20 "$STATE/logs/rabbitmq-await.log" >&2 || true
      die "RabbitMQ node $RMQ_NODENAME did not start within ${TIMEOUT}s; logs in $RMQ_BASE/log"
    fi
    sleep 0.5
  done
  port_in_use "$RMQ_PORT" || die "RabbitMQ started but does not accept AMQP on 127.0.0.1:$RMQ_PORT"

  # The definitions took: the run's virtual host exists and the test user may use it.
  local perms
  perms=$(rmqctl -q list_permissions -p "$RMQ_VHOST" 2>"$STATE/logs/rabbitmq-setup.log") || true
  printf '%s\n' "$perms" | grep -q "^$RMQ_USER[[:space:]]" || {
    cat "$STATE/logs/rabbitmq-setup.log" >&2
    die "RabbitMQ lacks the virtual host $RMQ_VHOST or the permissions of $RMQ_USER on it (definitions not imported?)"
  }
  log "RabbitMQ $RMQ_NODENAME on 127.0.0.1:$RMQ_PORT (dist $RMQ_DIST_PORT, epmd $EPMD_PORT), vhost $RMQ_VHOST"
}

node_pids() {
  # The Erlang VM(s) of our node: the pid file, else any beam whose command line names our node
  # (the node name is unique to this start).
  local p
  if [ -f "$RMQ_BASE/rabbit.pid" ]; then
    p=$(cat "$RMQ_BASE/rabbit.pid" 2>/dev/null || true)
    [ -n "$p" ] && alive "$p" && printf '%s\n' "$p"
  fi
  for p in $(pgrep -x beam.smp 2>/dev/null || true); do
    { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- " ${RMQ_NODENAME%@*}" && printf '%s\n' "$p"
  done
  return 0
}

stop_rabbitmq() {
  if [ -n "$RMQ_NODENAME" ] && [ -n "$RMQ_BASE" ] && [ -d "$RMQ_BASE" ] && [ -n "$EPMD_PORT" ]; then
    local pids pid
    pids=$(node_pids | sort -u)
    if [ -n "$pids" ]; then
      rmqctl -q stop >/dev/null 2>&1 || true
      for pid in $pids; do
        if ! wait_gone "$pid"; then
          log "rabbitmqctl stop did not end node $RMQ_NODENAME; killing pid $pid"
          kill -KILL "$pid" 2>/dev/null || true
          wait_gone "$pid" || true
        fi
      done
    fi
    cp "$RMQ_BASE/log/$RMQ_NODENAME.log" "$STATE/logs/rabbitmq.log" 2>/dev/null || true
  fi
  # Our epmd, by pid (only if that pid is still an epmd), then any epmd left on our port.
  if [ -n "$EPMD_PID" ] && [ "$(cat "/proc/$EPMD_PID/comm" 2>/dev/null)" = epmd ]; then
    kill "$EPMD_PID" 2>/dev/null || true
    wait_gone "$EPMD_PID" || kill -KILL "$EPMD_PID" 2>/dev/null || true
  fi
  if [ -n "$EPMD_PORT" ]; then
    local p
    for p in $(pgrep -x epmd 2>/dev/null || true); do
      if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qx "ERL_EPMD_PORT=$EPMD_PORT" ||
         { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qE -- "-port $EPMD_PORT( |$)"; then
        kill "$p" 2>/dev/null || true
      fi
    done
  fi
}

# ---------------------------------------------------------------------------------- subcommands
cmd_stop() {
  need_root
  [ -d "$STATE" ] || { log "nothing to stop ($STATE does not exist)"; return 0; }
  abs_state
  mkdir -p "$STATE/logs"
  load_state
  [ -f "$STATE/$STATE_FILE" ] || { rm -f "$STATE/$ENV_FILE"; return 0; }
  stop_rabbitmq
  stop_postgres
  # Remove only our own data folders (under the state dir, or the /tmp fallbacks we made).
  local d
  for d in "$PG_BASE" "$RMQ_BASE"; do
    case "$d" in
      "$STATE/postgres" | "$STATE/rabbitmq" | "${TMPDIR:-/tmp}"/interlude-postgres.* | "${TMPDIR:-/tmp}"/interlude-rabbitmq.*)
        rm -rf "$d" ;;
    esac
  done
  rm -f "$STATE/$STATE_FILE" "$STATE/$ENV_FILE"
  log "stopped (logs in $STATE/logs)"
}

cmd_start() {
  need_root
  abs_state
  mkdir -p "$STATE/logs"
  if [ -f "$STATE/$STATE_FILE" ]; then
    log "servers of $STATE are (or were) running: stopping them first"
    cmd_stop
  fi
  local t0=$SECONDS
  install_packages
  : >"$STATE/$STATE_FILE"
  chmod 600 "$STATE/$STATE_FILE"
  rm -f "$STATE/$ENV_FILE"
  # A failed start leaves what it began stopped, so the caller needs no cleanup of its own.
  trap 'status=$?; if [ $status -ne 0 ]; then log "start failed; stopping what was started"; cmd_stop || true; fi' EXIT

  launch_rabbitmq
  start_postgres
  await_rabbitmq

  local tmp="$STATE/$ENV_FILE.tmp"
  (
    umask 077
    {
      printf '# Written by scripts/services.sh start; removed by stop.\n'
      printf "export INTERLUDE_TEST_POSTGRES='%s'\n" \
        "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_ROLE;Password=$PG_PASSWORD;Database=$PG_DB"
      printf 'export INTERLUDE_TEST_RABBITMQ_HOST=127.0.0.1\n'
      printf "export INTERLUDE_TEST_RABBITMQ_PORT='%s'\n" "$RMQ_PORT"
      printf "export INTERLUDE_TEST_RABBITMQ_USER='%s'\n" "$RMQ_USER"
      printf "export INTERLUDE_TEST_RABBITMQ_PASSWORD='%s'\n" "$RMQ_PASSWORD"
      printf "export INTERLUDE_TEST_RABBITMQ_VHOST='%s'\n" "$RMQ_VHOST"
    } >"$tmp"
  )
  mv "$tmp" "$STATE/$ENV_FILE"
  trap - EXIT
  log "ready in $((SECONDS - t0))s; env file $STATE/$ENV_FILE"
}

cmd_env() {
  abs_state
  [ -f "$STATE/$ENV_FILE" ] || die "no env file: run 'bash scripts/services.sh start' first"
  printf '%s\n' "$STATE/$ENV_FILE"
}

cmd_rabbitmqctl() {
  need_root
  abs_state
  load_state
  [ -n "$RMQ_NODENAME" ] || die "no RabbitMQ node recorded in $STATE: run start first"
  rmqctl "$@"
}

cmd_psql() {
  abs_state
  [ -f "$STATE/$ENV_FILE" ] || die "no env file: run 'bash scripts/services.sh start' first"
  load_state
  # shellcheck disable=SC1090
  . "$STATE/$ENV_FILE"
  local pw=${INTERLUDE_TEST_POSTGRES#*Password=}; pw=${pw%%;*}
  PGPASSWORD=$pw "${PG_BIN:-$(pg_bin)}/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DB" "$@"
}

# Faults for the fault suite (scripts/faults.sh): the same servers come back on the same ports, so
# that clients must reconnect on their own.
cmd_restart_rabbitmq() {
  need_root
  abs_state
  load_state
  [ -n "$RMQ_NODENAME" ] || die "no RabbitMQ node recorded in $STATE: run start first"
  rmqctl -q stop_app >/dev/null
  sleep "${1:-0}"
  rmqctl -q start_app >/dev/null
  rmqctl -q await_startup --timeout "$TIMEOUT" >/dev/null
}

cmd_restart_postgres() {
  need_root
  abs_state
  load_state
  [ -n "$PG_DATA" ] || die "no PostgreSQL recorded in $STATE: run start first"
  local ctl=("$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_BASE/server.log" -m immediate -w -t "$TIMEOUT"
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_SOCK")
  if [ "${1:-0}" = 0 ]; then
    pg_as "${ctl[@]}" restart >"$STATE/logs/pg_ctl.log" 2>&1 || die "pg_ctl restart failed; see $PG_BASE/server.log"
    return
  fi
  pg_as "${ctl[@]}" stop >"$STATE/logs/pg_ctl.log" 2>&1 || die "pg_ctl stop failed; see $PG_BASE/server.log"
  sleep "$1"
  pg_as "${ctl[@]}" start >>"$STATE/logs/pg_ctl.log" 2>&1 || die "pg_ctl start failed; see $PG_BASE/server.log"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  rabbitmqctl) shift; cmd_rabbitmqctl "$@" ;;
  psql) shift; cmd_psql "$@" ;;
  restart-rabbitmq) shift; cmd_restart_rabbitmq "$@" ;;
  restart-postgres) shift; cmd_restart_postgres "$@" ;;
  *) printf 'usage: %s start|stop|env|rabbitmqctl ARGS...|psql ARGS...|restart-rabbitmq [SECONDS]|restart-postgres [SECONDS]\n' "$0" >&2; exit 2 ;;
esac
