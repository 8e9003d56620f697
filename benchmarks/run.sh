#!/usr/bin/env bash
# Builds the JMH benchmarks, runs the whole suite on JDK 17 and on Temurin 25, and
# regenerates benchmarks/RESULTS.md (raw JMH CSVs and retained-heap lines go to
# benchmarks/results/).
#
#   benchmarks/run.sh            the full, measured run (about 20 minutes per JDK)
#   benchmarks/run.sh --quick    a smoke run: one short iteration each, 1,000,000 tasks
#
# Environment: JDK17 and JDK25 (JDK homes), JMH_OPTS (replaces the iteration options),
# MVN_OPTS (extra Maven arguments, e.g. -o), SKIP_BUILD=1 (reuse benchmarks/target/benchmarks.jar).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
quick=false
if [[ "${1:-}" == "--quick" ]]; then
	quick=true
fi
if $quick; then
	jmh_opts=${JMH_OPTS:--f 1 -wi 1 -w 1s -i 1 -r 1s}
	heap_tasks=1000000
else
	jmh_opts=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 4 -r 1s}
	heap_tasks=10000000
fi
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
command="benchmarks/run.sh${1:+ $1}"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
	echo "== build (JDK 17)"
	JAVA_HOME=$jdk17 ./mvnw -B -q ${MVN_OPTS:-} -Pbenchmarks -pl benchmarks -am package -DskipTests
fi

rm -rf "$out"
mkdir -p "$out"
{
	echo "command=$command"
	echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine=$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(uname -sr)"
	echo "jmh=1.37, $jmh_opts, -prof gc, -prof dev.tracetools.benchmarks.ThreadCpuProfiler"
	echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/run.properties"

for jdk in 17 25; do
	home=$jdk17
	if [[ $jdk == 25 ]]; then
		home=$jdk25
	fi
	java=$home/bin/java
	if [[ ! -x $java ]]; then
		echo "No JDK $jdk at $home: skipped" >&2
		continue
	fi
	"$java" -version 2>"$out/java-$jdk.txt"
	variants=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant)
	# 20 µs tasks: the single-layer variants tell nothing more there.
	spin_variants=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant --exclude TT_FLAMEGRAPH,TT_CONSOLE,TT_LOGGING,TT_METER_FLAMEGRAPH,TT_METER_CONSOLE,TT_METER_LOGGING)
	parented=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant --only CONTEXT_PROPAGATION,OBSERVATION,OBSERVATION_TRACING,TT_METER,TT_METER_ALL)
	echo "== JDK $jdk: variants $variants"
	parts=("noop|TaskCostBenchmark|-p task=NOOP -p variant=$variants"
		"spin|TaskCostBenchmark|-p task=SPIN_20US -p variant=$spin_variants"
		"parented|ParentedTaskBenchmark|-p instrumentation=$parented")
	if [[ ",$variants," == *",TT_FLAMEGRAPH,"* ]]; then
		parts+=("flamegraph|FlamegraphHotPathBenchmark|FlamegraphRenderBenchmark|")
	fi
	for part in "${parts[@]}"; do
		name=${part%%|*}
		rest=${part#*|}
		params=${rest##*|}
		benchmarks=${rest%|*}
		echo "== JDK $jdk: $name ($benchmarks)"
		# shellcheck disable=SC2086
		"$java" -jar "$jar" "$benchmarks" $jmh_opts $params \
			-prof gc -prof dev.tracetools.benchmarks.ThreadCpuProfiler \
			-rf csv -rff "$out/jmh-$jdk-$name.csv" >"$out/jmh-$jdk-$name.log" 2>&1 || {
			echo "JMH failed, see $out/jmh-$jdk-$name.log" >&2
			tail -20 "$out/jmh-$jdk-$name.log" >&2
		}
		grep -E '^# Run complete' "$out/jmh-$jdk-$name.log" || true
	done
	layer_sets="none"
	for layer in flamegraph console logging; do
		if [[ ",$variants," == *",TT_${layer^^},"* ]]; then
			layer_sets="$layer_sets $layer"
		fi
	done
	if [[ $layer_sets == "none flamegraph console logging" ]]; then
		layer_sets="$layer_sets all"
	fi
	for layers in $layer_sets; do
		echo "== JDK $jdk: retained heap, $layers, $heap_tasks tasks"
		"$java" -Xmx2g -cp "$jar" dev.tracetools.benchmarks.RetainedHeap "$layers" "$heap_tasks" | tee -a "$out/heap-$jdk.txt"
	done
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/run.properties"
load="$(grep load_start "$out/run.properties" | cut -d= -f2) at the start, $(grep load_end "$out/run.properties" | cut -d= -f2) at the end (1, 5, 15 min load averages)"
echo "load=$load" >>"$out/run.properties"
if [[ -n "${LOAD_NOTE:-}" ]]; then
	sed -i "s|^load=.*|load=$load. $LOAD_NOTE|" "$out/run.properties"
fi

mkdir -p benchmarks/results
cp "$out"/jmh-*.csv "$out"/heap-*.txt "$out"/run.properties benchmarks/results/ 2>/dev/null || true
"$jdk17/bin/java" -cp "$jar" dev.tracetools.benchmarks.ResultsReport "$out" benchmarks/RESULTS.md
echo "== wrote $root/benchmarks/RESULTS.md"
