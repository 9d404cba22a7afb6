#!/usr/bin/env bash
# Builds the benchmarks jar and runs the JMH benchmarks, then the retained-heap tool.
#
#   purgatory-benchmarks/run.sh quick [jmh args...]  every benchmark once, in seconds: proves they
#                                                   compile and run; the numbers mean nothing
#   purgatory-benchmarks/run.sh full  [jmh args...]  the measurement behind docs/benchmarks.md
#
# Extra arguments go to JMH, e.g. a benchmark regex ("ClosedPath") or "-prof stack".
# Set SKIP_BUILD=1 to reuse an existing target/benchmarks.jar. Nothing here asserts a speed.
set -euo pipefail

mode="${1:-quick}"
[ "$#" -gt 0 ] && shift

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"

case "$mode" in
    quick)
        # One fork, no warm-up, one 100 ms iteration per benchmark; stop at the first failure.
        jmh_args=(-f 1 -wi 0 -i 1 -w 100ms -r 100ms -foe true)
        footprint_breakers=10000
        ;;
    full)
        jmh_args=(-f 2 -wi 5 -i 5 -w 1s -r 1s -prof gc -foe true -rf json -rff "$here/target/jmh-result.json")
        footprint_breakers=100000
        ;;
    *)
        echo "usage: $0 [quick|full] [jmh args...]" >&2
        exit 2
        ;;
esac

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    (cd "$root" && mvn -B -q -pl purgatory-benchmarks -am package -DskipTests)
fi

# The load average says how much else ran on the machine: report it with the numbers.
if [ -r /proc/loadavg ]; then echo "load average before: $(cat /proc/loadavg)"; fi
java -jar "$jar" "${jmh_args[@]}" "$@"
java -cp "$jar" io.purgatory.benchmarks.Footprint "$footprint_breakers"
if [ -r /proc/loadavg ]; then echo "load average after: $(cat /proc/loadavg)"; fi
