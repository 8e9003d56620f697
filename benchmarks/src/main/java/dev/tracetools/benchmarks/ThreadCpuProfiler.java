/*
 * Copyright 2026 the original authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.tracetools.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that measures thread CPU time per operation: of the benchmark threads
 * ({@code *jmh-worker*}) and of the executors' worker threads ({@code bench-*}), so that
 * a task's cost counts wherever it is paid, and two busy cores do not inflate it as they
 * inflate wall time. Use with {@code -prof dev.tracetools.benchmarks.ThreadCpuProfiler}.
 * <p>
 * Results: {@code cpu.total} (both), {@code cpu.caller} (the submitting thread) and
 * {@code cpu.workers}, in ns per operation.
 * <p>
 * A worker thread that ends during an iteration still counts, up to its end, if its body
 * is {@link #counted(Runnable)}: JMH runs a trial's tear-down (which stops the pool)
 * before it asks the profilers for the last iteration's results, and the CPU time of a
 * thread that ended cannot be read.
 *
 * @author trace-tools
 */
public final class ThreadCpuProfiler implements InternalProfiler {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** The CPU time of each counted worker thread that ended, by thread id. */
	private static final Map<Long, Long> ENDED = new ConcurrentHashMap<>();

	private Map<Long, Long> callerBefore = Map.of();

	private Map<Long, Long> workersBefore = Map.of();

	/**
	 * Create the profiler; JMH calls this.
	 */
	public ThreadCpuProfiler() {
		if (!THREADS.isThreadCpuTimeSupported()) {
			throw new IllegalStateException("Thread CPU time is not supported on this JVM");
		}
		THREADS.setThreadCpuTimeEnabled(true);
	}

	@Override
	public String getDescription() {
		return "Thread CPU time of the benchmark and executor worker threads, per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.callerBefore = cpuTimes(true);
		this.workersBefore = cpuTimes(false);
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long caller = spent(this.callerBefore, cpuTimes(true));
		long workers = spent(this.workersBefore, cpuTimes(false));
		double ops = result.getMetadata().getAllOps();
		return List.of(perOp("cpu.total", caller + workers, ops), perOp("cpu.caller", caller, ops),
				perOp("cpu.workers", workers, ops));
	}

	private static ScalarResult perOp(String label, long nanos, double ops) {
		return new ScalarResult(label, (ops > 0) ? nanos / ops : Double.NaN, "ns/op", AggregationPolicy.AVG);
	}

	private static long spent(Map<Long, Long> before, Map<Long, Long> after) {
		long total = 0;
		for (Map.Entry<Long, Long> entry : after.entrySet()) {
			// A thread started during the iteration counts from zero.
			total += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
		}
		return total;
	}

	/**
	 * The body of a worker thread, which leaves its CPU time when the thread ends.
	 * @param body what the thread runs
	 * @return the body that leaves its CPU time
	 */
	static Runnable counted(Runnable body) {
		return () -> {
			try {
				body.run();
			}
			finally {
				ENDED.put(Thread.currentThread().getId(), THREADS.getCurrentThreadCpuTime());
			}
		};
	}

	private static Map<Long, Long> cpuTimes(boolean callers) {
		Map<Long, Long> times = new HashMap<>();
		for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
			if (info != null && (callers ? isCaller(info.getThreadName()) : isWorker(info.getThreadName()))) {
				long nanos = THREADS.getThreadCpuTime(info.getThreadId());
				if (nanos >= 0) {
					times.put(info.getThreadId(), nanos);
				}
			}
		}
		if (!callers) {
			// Read after the live threads: a worker leaves its time before it ends, so
			// one that ended while they were read is here. Thread ids are not reused.
			ENDED.forEach((id, nanos) -> times.merge(id, nanos, Math::max));
		}
		return times;
	}

	private static boolean isCaller(String name) {
		return name.contains("jmh-worker");
	}

	private static boolean isWorker(String name) {
		return name.startsWith("bench-");
	}

}
