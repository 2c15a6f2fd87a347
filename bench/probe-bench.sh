#!/bin/sh
# Probe time to verdict (ProbeBench): a refused, an open and a filtered port on 127.0.0.1.
#
# Runs the whole benchmark in a private network namespace: only its own loopback, no route out,
# and one iptables rule that drops TCP to the filtered port. The rule lives and dies with the
# namespace; the machine's own firewall is never touched. Needs root, unshare, ip and iptables;
# xrdp is measured too when installed.
#
# Usage, from the repository root, after building both jars (docs/benchmarks.md):
#   bench/probe-bench.sh [RUNS]          (default 7 runs per case)
# MAIN_JAR and BENCH_JAR name the jars when they were built elsewhere (-Dbuild.dir).
set -eu
runs=${1:-7}
main_jar=${MAIN_JAR:-target/rdp-doctor.jar}
bench_jar=${BENCH_JAR:-bench/target/rdp-doctor-bench.jar}
filtered_port=3390
for jar in "$main_jar" "$bench_jar"; do
    if [ ! -f "$jar" ]; then
        echo "no $jar: build it first (see docs/benchmarks.md)" >&2
        exit 2
    fi
done
PATH=/usr/sbin:/sbin:$PATH
export PATH
echo "# $(uptime)"
unshare -n sh -c '
    ip link set lo up &&
    iptables -A INPUT -p tcp --dport "$3" -j DROP &&
    exec java -cp "$1" org.rdpdoctor.bench.ProbeBench "$4" "$2" "$3"
' probe-bench "$bench_jar" "$main_jar" "$filtered_port" "$runs"
echo "# $(uptime)"
