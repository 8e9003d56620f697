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
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The bytes an inline no-op task allocates, from the thread's exact allocation counter
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) around many tasks
 * after a warm-up: unlike {@code -prof gc}, no benchmark harness allocation divided by
 * the few operations of a run on a loaded machine.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.tracetools.benchmarks.AllocationPerTask
 * VARIANT[,VARIANT...] [TASKS]}; prints one line per variant:
 * {@code allocation variant=... tasks=... bytes-per-task=...}. Run one JVM per variant to
 * keep what one variant's JIT did out of the next.
 *
 * @author trace-tools
 */
public final class AllocationPerTask {

	private AllocationPerTask() {
	}

	/**
	 * Run the tasks and print the bytes per task.
	 * @param args the variants, and optionally the number of tasks (default 1,000,000)
	 */
	public static void main(String[] args) {
		long tasks = (args.length > 1) ? Long.parseLong(args[1].replace("_", "")) : 1_000_000L;
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		for (String name : args[0].split(",")) {
			Variant variant = Variant.valueOf(name.trim());
			try (InstrumentedExecutor instrumented = new InstrumentedExecutor(variant, ExecutorKind.INLINE)) {
				Executor executor = instrumented.executor();
				Runnable task = () -> {
				};
				run(executor, task, tasks * 3 / 10);
				long before = threads.getThreadAllocatedBytes(thread);
				run(executor, task, tasks);
				long bytes = threads.getThreadAllocatedBytes(thread) - before;
				System.out.printf(Locale.ROOT, "allocation variant=%s tasks=%d bytes-per-task=%.1f%n", variant, tasks,
						(double) bytes / tasks);
			}
		}
	}

	private static void run(Executor executor, Runnable task, long tasks) {
		for (long i = 0; i < tasks; i++) {
			executor.execute(task);
		}
	}

}
