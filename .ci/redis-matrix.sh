#!/usr/bin/env bash
# Runs every Redis test (JUnit tag "redis") twice: against the embedded Redis 6.2 binary and against
# Debian's redis-server 7.x. It runs purgatory-spring-boot-tests, which holds the Spring Redis tests and
# re-runs purgatory-redis's whole suite from its test jar, against the published jars (Boot 4.0's Lettuce), prints which server version each run used, and fails when a run used
# another version series than the one it stands for.
# Never touches a Redis on port 6379: the harness starts private servers on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_system_redis() {
    if command -v redis-server >/dev/null 2>&1; then
        return
    fi
    echo "[redis-matrix] installing Debian's redis-server (its service is kept from starting)"
    # policy-rc.d 101 = "action forbidden": the package must not start a service on port 6379.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
    # Belt and braces on hosts where the service started anyway (systemd ignores policy-rc.d).
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
        systemctl disable --now redis-server
    fi
}

# Fails unless every server the run reported is of the expected version series: a matrix whose
# "system" run silently tested the embedded 6.2 again (or the reverse) would prove nothing.
check_versions() {
    local binary="$1" expected="$2" log="$3" reported unexpected
    reported="$(grep -o 'redis-server [0-9][0-9.]* ([A-Za-z_]*)' "${log}" | sort -u)" || reported=""
    if [[ -z "${reported}" ]]; then
        echo "[redis-matrix] FAILED with PURGATORY_REDIS_BINARY=${binary}: no server version reported"
        exit 1
    fi
    unexpected="$(grep -v "^redis-server ${expected//./\\.}\\." <<<"${reported}")" || unexpected=""
    if [[ -n "${unexpected}" ]]; then
        echo "[redis-matrix] FAILED with PURGATORY_REDIS_BINARY=${binary}: expected Redis ${expected}.x, but ran:"
        printf '[redis-matrix]   %s\n' "${unexpected}"
        exit 1
    fi
}

run_suite() {
    local binary="$1" expected="$2" log
    log="$(mktemp)"
    echo "[redis-matrix] === Redis tests with PURGATORY_REDIS_BINARY=${binary} (expecting Redis ${expected}.x) ==="
    if ! PURGATORY_REDIS_BINARY="${binary}" mvn -B -pl purgatory-spring-boot-tests verify \
            -Dgroups=redis -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | tee "${log}"; then
        echo "[redis-matrix] FAILED with PURGATORY_REDIS_BINARY=${binary}"
        exit 1
    fi
    check_versions "${binary}" "${expected}" "${log}"
    local versions
    versions="$(grep -o 'redis-server [0-9][0-9.]* ([A-Za-z_]*)' "${log}" | sort -u | paste -sd ',' -)" || versions=""
    echo "[redis-matrix] PASSED with PURGATORY_REDIS_BINARY=${binary}: ${versions}"
    grep -h '\[measure\]' "${log}" | sed "s/^/[redis-matrix] /" || true
    SUMMARY+=("${binary}: ${versions}")
    rm -f "${log}"
}

SUMMARY=()
# The published jars the tests module runs against (so that the script also works on its own).
mvn -B -q install -DskipTests -pl .,purgatory-core,purgatory-redis,purgatory-spring-boot-autoconfigure
run_suite embedded 6.2
ensure_system_redis
run_suite system 7
echo "[redis-matrix] summary:"
printf '[redis-matrix]   %s\n' "${SUMMARY[@]}"
