#!/usr/bin/env bash
# The fault suite: one API and two workers of the real executable (src/Workers, Release) on private
# RabbitMQ and PostgreSQL servers of its own; threads of approval, side-effect and timed-approval in
# flight while it injects, in turn: kill -9 of each worker, kill -9 of the API, a RabbitMQ restart, a
# PostgreSQL restart (pg_ctl restart -m immediate), each server down for an outage past every retry
# budget (15 s quick, 120 s full; the processes that need it must report not ready meanwhile), a
# deadline passing while every worker is down, and malformed messages on every queue. Prints one table and "faults: N injected, N lost, N duplicated, N stuck";
# exits non-zero if anything was lost, duplicated or stuck.
#
#   bash scripts/faults.sh            full mode (300 threads a fault)
#   bash scripts/faults.sh --quick    quick mode (24 threads a fault), run by scripts/test.sh
#
# Its servers live in their own state directory (INTERLUDE_FAULTS_DIR, default $REPO/.faults-state), so
# it never restarts the servers other tests use; process logs are kept in its logs/ folder.
set -uo pipefail
cd "$(dirname "$0")/.."

export INTERLUDE_SERVICES_DIR=${INTERLUDE_FAULTS_DIR:-$PWD/.faults-state}
export INTERLUDE_FAULTS_LOGS=$INTERLUDE_SERVICES_DIR/logs/processes
trap 'bash scripts/services.sh stop >/dev/null 2>&1' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/services.sh start >/dev/null || { echo "faults: ERROR: could not start the private servers"; exit 1; }
# shellcheck disable=SC1090
. "$(bash scripts/services.sh env)" || { echo "faults: ERROR: no env file"; exit 1; }
rm -rf "$INTERLUDE_FAULTS_LOGS"

dotnet build src/Workers -c Release -v quiet -nologo >/dev/null &&
  dotnet build tests/Interlude.Faults -c Release -v quiet -nologo >/dev/null ||
  { echo "faults: ERROR: build failed"; exit 1; }
dotnet tests/Interlude.Faults/bin/Release/net10.0/Interlude.Faults.dll "$@"
