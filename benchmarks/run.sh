#!/usr/bin/env bash
# Builds the JMH benchmarks, runs the whole suite on JDK 17 and on Temurin 25, and
# regenerates benchmarks/RESULTS.md (raw JMH CSVs and retained-heap lines go to
# benchmarks/results/).
#
#   benchmarks/run.sh            the full, measured run (about 19 minutes per JDK on 2 cores)
#   benchmarks/run.sh --quick    a smoke run: one short iteration each, 1,000,000 tasks
#
# Environment: JDK17 and JDK25 (JDK homes), JDKS (which to run, default "17 25"; results
# of the others already in benchmarks/target/results stay), JMH_OPTS (replaces the iteration options),
# SPIN_JMH_OPTS (the same for the 20 µs tasks), POOL_FORKS (the forks for the no-op tasks on
# the two pools), PARENTED_JMH_OPTS and PARENTED_FORKS (the
# same and the forks for the tasks inside requests),
# PARTS (which parts to run: noop-inline noop-pools spin parented flamegraph heap; the
# others keep their results from an earlier run, or the committed ones),
# MVN_OPTS (extra Maven arguments, e.g. -o), SKIP_BUILD=1 (reuse benchmarks/target/benchmarks.jar).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
jdks=${JDKS:-17 25}
quick=false
if [[ "${1:-}" == "--quick" ]]; then
	quick=true
fi
if $quick; then
	jmh_opts=${JMH_OPTS:--wi 1 -w 1s -i 1 -r 1s}
	spin_jmh_opts=${SPIN_JMH_OPTS:-$jmh_opts}
	inline_forks=${INLINE_FORKS:-1}
	pool_forks=${POOL_FORKS:-1}
	parented_jmh_opts=${PARENTED_JMH_OPTS:-$jmh_opts}
	parented_forks=${PARENTED_FORKS:-1}
	heap_tasks=1000000
else
	# Three warm-up seconds: on a busy 2-core machine C2 needs them (per-task CPU and
	# allocation are still falling during the second one).
	jmh_opts=${JMH_OPTS:--wi 3 -w 1s -i 2 -r 1s}
	# 20 µs tasks run 50 times fewer tasks a second: C2 finishes the instrumented path
	# after 4 to 6 seconds on a busy machine (bytes and CPU per task still fall until then).
	spin_jmh_opts=${SPIN_JMH_OPTS:--wi 6 -w 1s -i 3 -r 1s}
	# Allocation per task can vary between JVMs (what escape analysis removes depends on
	# inlining): INLINE_FORKS=2 takes the inline no-op figures from two.
	inline_forks=${INLINE_FORKS:-1}
	# Tasks on a pool: a fork's no-op figure falls in one of two modes a microsecond apart
	# (one JVM measured a task on the bare pool at 300 ns in some rounds and 1,100 ns in
	# others, both executors alike): three forks average that out.
	pool_forks=${POOL_FORKS:-3}
	# Tasks inside requests: C2's compile of the request loop with every handler inlined
	# lands 6 to 10 seconds after the JVM started on a busy 2-core machine
	# (PrintCompilation), and the iterations before it cost up to six times as much CPU:
	# ten warm-up seconds, and two forks, since the figure is the difference of two
	# benchmarks (the tasks with their requests, the requests alone).
	parented_jmh_opts=${PARENTED_JMH_OPTS:--wi 10 -w 1s -i 3 -r 1s}
	parented_forks=${PARENTED_FORKS:-2}
	heap_tasks=10000000
fi
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
command="benchmarks/run.sh${1:+ $1}"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
	echo "== build (JDK 17)"
	JAVA_HOME=$jdk17 ./mvnw -B -q ${MVN_OPTS:-} -Pbenchmarks -pl benchmarks -am package -DskipTests
fi

mkdir -p "$out"
if [[ -n "${PARTS:-}" ]]; then
	# A partial run replaces the parts it runs and keeps the others: those of an earlier
	# run here, else the committed ones (a fresh clone has no benchmarks/target).
	cp -n benchmarks/results/* "$out"/ 2>/dev/null || true
fi
for jdk in $jdks; do
	if [[ -z "${PARTS:-}" ]]; then
		rm -f "$out"/*-"$jdk".* "$out"/*-"$jdk"-*
		continue
	fi
	for part in $PARTS; do
		if [[ $part == heap ]]; then
			rm -f "$out/heap-$jdk.txt"
		else
			rm -f "$out/jmh-$jdk-$part".*
		fi
	done
done
# General facts are rewritten; per-JDK ones (options, load) are kept for the JDKs not run now.
# A partial run keeps the full run's facts and adds its own (rerun.<jdk>).
touch "$out/run.properties"
if [[ -n "${PARTS:-}" ]]; then
	for jdk in $jdks; do
		sed -i "/^rerun\.$jdk=/d" "$out/run.properties"
	done
else
	for jdk in $jdks; do
		sed -i "/^[a-z_]*\.$jdk=/d" "$out/run.properties"
	done
	sed -i '/^\(command\|date\|machine\|jmh\|load\|load_start\|load_end\)=/d' "$out/run.properties"
	{
		echo "command=$command"
		echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "machine=$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(uname -sr)"
		for jdk in $jdks; do
			echo "jmh.$jdk=JMH 1.37, $jmh_opts ($spin_jmh_opts for the 20 µs tasks, $parented_jmh_opts for the tasks inside requests), 1 fork ($inline_forks for the inline no-op tasks, $pool_forks for the no-op tasks on the pools, $parented_forks for the tasks inside requests), -prof gc, -prof dev.tracetools.benchmarks.ThreadCpuProfiler"
		done
	} >>"$out/run.properties"
fi

for jdk in $jdks; do
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
	load_start=$(cut -d' ' -f1-3 /proc/loadavg)
	started=$(date -u '+%H:%M')
	variants=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant)
	# 20 µs tasks: the single-layer variants tell nothing more there.
	spin_variants=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant --exclude TT_FLAMEGRAPH,TT_CONSOLE,TT_LOGGING,TT_TIMELINE,TT_EMPTY1,TT_EMPTY3,TT_METER_ALL_TIMELINE,TT_METER_FLAMEGRAPH,TT_METER_CONSOLE,TT_METER_LOGGING,TT_METER_TIMELINE,TT_METER_EMPTY3)
	parented=$("$java" -cp "$jar" dev.tracetools.benchmarks.Variant --only CONTEXT_PROPAGATION,OBSERVATION,OBSERVATION_TRACING,TT_METER,TT_METER_ALL,TT_METER_ALL_TIMELINE)
	echo "== JDK $jdk: variants $variants"
	# name|forks|benchmarks (a JMH regexp)|parameters
	parts=("noop-inline|$inline_forks|TaskCostBenchmark|-p task=NOOP -p executor=INLINE -p variant=$variants"
		"noop-pools|$pool_forks|TaskCostBenchmark|-p task=NOOP -p executor=THREAD_POOL_EXECUTOR,THREAD_POOL_TASK_EXECUTOR -p variant=$variants"
		"spin|1|TaskCostBenchmark|-p task=SPIN_20US -p executor=INLINE,THREAD_POOL_EXECUTOR,THREAD_POOL_TASK_EXECUTOR -p variant=$spin_variants"
		"parented|$parented_forks|ParentedTaskBenchmark|-p instrumentation=$parented")
	if [[ ",$variants," == *",TT_FLAMEGRAPH,"* ]]; then
		parts+=("flamegraph|1|FlamegraphHotPathBenchmark|FlamegraphRenderBenchmark|")
	fi
	for part in "${parts[@]}"; do
		name=${part%%|*}
		if [[ -n "${PARTS:-}" && " $PARTS " != *" $name "* ]]; then
			continue
		fi
		rest=${part#*|}
		forks=${rest%%|*}
		rest=${rest#*|}
		params=${rest##*|}
		benchmarks=${rest%|*}
		opts=$jmh_opts
		if [[ $name == spin ]]; then
			opts=$spin_jmh_opts
		elif [[ $name == parented ]]; then
			opts=$parented_jmh_opts
		fi
		echo "== JDK $jdk: $name ($benchmarks, $forks fork(s))"
		# shellcheck disable=SC2086
		"$java" -jar "$jar" "$benchmarks" -f "$forks" $opts $params \
			-prof gc -prof dev.tracetools.benchmarks.ThreadCpuProfiler \
			-rf csv -rff "$out/jmh-$jdk-$name.csv" >"$out/jmh-$jdk-$name.log" 2>&1 || {
			echo "JMH failed, see $out/jmh-$jdk-$name.log" >&2
			tail -20 "$out/jmh-$jdk-$name.log" >&2
		}
		grep -E '^# Run complete' "$out/jmh-$jdk-$name.log" || true
	done
	layer_sets="none"
	for layer in flamegraph console logging timeline; do
		if [[ ",$variants," == *",TT_${layer^^},"* ]]; then
			layer_sets="$layer_sets $layer"
		fi
	done
	if [[ $layer_sets == "none flamegraph console logging"* ]]; then
		layer_sets="$layer_sets all"
	fi
	if [[ -n "${PARTS:-}" && " $PARTS " != *" heap "* ]]; then
		layer_sets=""
	fi
	for layers in $layer_sets; do
		# Each layer alone: a million tasks is past every default cap; all of them and
		# none: the full count.
		tasks=1000000
		if [[ $layers == all || $layers == none ]]; then
			tasks=$heap_tasks
		fi
		echo "== JDK $jdk: retained heap, $layers, $tasks tasks"
		"$java" -Xmx2g -cp "$jar" dev.tracetools.benchmarks.RetainedHeap "$layers" "$tasks" | tee -a "$out/heap-$jdk.txt"
	done
	load="$load_start at the start ($started UTC), $(cut -d' ' -f1-3 /proc/loadavg) at the end ($(date -u '+%H:%M') UTC), 1/5/15-minute load averages${LOAD_NOTE:+. $LOAD_NOTE}"
	if [[ -n "${PARTS:-}" ]]; then
		echo "rerun.$jdk=$PARTS run again on $(date -u '+%Y-%m-%d') ($jmh_opts, $pool_forks fork(s) for the no-op tasks on the pools, $parented_jmh_opts and $parented_forks fork(s) for the tasks inside requests), load $load" >>"$out/run.properties"
	else
		echo "load.$jdk=$load" >>"$out/run.properties"
	fi
done
mkdir -p benchmarks/results
for jdk in $jdks; do
	rm -f benchmarks/results/*-"$jdk".* benchmarks/results/*-"$jdk"-*
done
cp "$out"/jmh-*.csv "$out"/heap-*.txt "$out"/run.properties benchmarks/results/ 2>/dev/null || true
"$jdk17/bin/java" -cp "$jar" dev.tracetools.benchmarks.ResultsReport "$out" benchmarks/RESULTS.md
echo "== wrote $root/benchmarks/RESULTS.md"
