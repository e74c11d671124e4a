#!/usr/bin/env bash
# Runs every test: starts private PostgreSQL and RabbitMQ servers (installing them if missing, see
# scripts/services.sh), restores and builds the solution, runs each test project, stops the servers,
# then runs the fault suite's quick mode (scripts/faults.sh --quick, its own servers) as one more test.
# Ends with one line "N passed, N failed[, N skipped]" summed from the real test results.
# INTERLUDE_SKIP_SERVICES=1 runs the tests without starting the servers (a quick local loop).
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
services_started=0

stop_services() {
  if [ "$services_started" -eq 1 ]; then
    services_started=0
    bash scripts/services.sh stop || echo "test.sh: warning: stopping the test servers failed" >&2
  fi
}
# Always stop the servers, also on an error or an interrupt (the normal path stops them itself,
# before the summary, so that the summary stays the last line).
trap 'stop_services >/dev/null 2>&1; rm -f "$log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${INTERLUDE_SKIP_SERVICES:-0}" = 1 ]; then
  echo "test.sh: INTERLUDE_SKIP_SERVICES=1: not starting PostgreSQL and RabbitMQ"
else
  services_started=1  # stop even a partial start
  if ! bash scripts/services.sh start; then
    echo "test.sh: ERROR: could not start the test servers (PostgreSQL, RabbitMQ); no test ran" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  env_file=$(bash scripts/services.sh env) || env_file=
  if [ -z "$env_file" ] || ! . "$env_file"; then
    echo "test.sh: ERROR: the test servers started but their env file could not be read" >&2
    stop_services
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# The inbox page's browser test drives Debian's Chromium through Debian's chromedriver (never a
# downloaded browser): install both when missing.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "test.sh: installing chromium and chromium-driver (apt-get)"
  { export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q -o DPkg::Lock::Timeout=300 chromium chromium-driver; } >/dev/null 2>&1 \
    || echo "test.sh: warning: could not install chromium; the browser test will fail" >&2
fi

dotnet test Interlude.sln --configuration Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

stop_services

# The sample user service (samples/own-service, not in Interlude.sln) consumes Interlude as packages,
# as a service outside this repository would: pack them afresh into its local feed and restore them
# into its own, emptied package cache, so that a stale package is never tested.
sample=samples/own-service
rm -rf "$sample/packages" "$sample/.nuget-packages"
{ dotnet pack Interlude.sln --configuration Release --output "$sample/packages" \
    && NUGET_PACKAGES="$PWD/$sample/.nuget-packages" dotnet test "$sample/OrderService.Tests" --configuration Release; } 2>&1 | tee -a "$log"
sample_status=${PIPESTATUS[0]}
[ "$sample_status" -ne 0 ] && [ "$status" -eq 0 ] && status=$sample_status

# The fault suite's quick mode, on private servers of its own (it restarts them), counted as one test.
faults_passed=0 faults_failed=0
if bash scripts/faults.sh --quick 2>&1 | tee -a "$log" | grep -v '^services: '; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  faults_passed=1
else
  faults_failed=1
  [ "$status" -eq 0 ] && status=1
fi

# VSTest prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...",
# or "Skipped! - ..." when every test of the assembly was skipped. Skipped tests (the SQL Server suite without
# INTERLUDE_TEST_SQLSERVER) are counted as skipped, never as passed.
read -r passed failed skipped < <(grep -E '^(Passed|Failed|Skipped)! +- Failed:' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before reporting: count it as a failure, never as green.
  failed=1
fi

# Name the failed tests again just above the summary, so that the tail of a long log says what failed.
# VSTest writes each as "  Failed Namespace.Class.Method(args) [time]", indented by exactly two spaces.
failed_tests=$(grep -E '^  Failed [^ ]+.* \[[^]]+\]$' "$log" | sed -E 's/^  Failed //; s/ \[[^]]*\]$//' | sort -u)
[ "$faults_failed" -eq 1 ] && failed_tests=$(printf '%s\n%s' "$failed_tests" "scripts/faults.sh --quick (its table is above)" | sed '/^$/d')
if [ -n "$failed_tests" ]; then
  echo "test.sh: failed tests:"
  sed 's/^/  /' <<<"$failed_tests"
fi

passed=$((passed + faults_passed)) failed=$((failed + faults_failed))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
