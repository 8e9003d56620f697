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
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tracetools.executor.NextTask;
import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * The heap the layers retain after many tasks, with their default caps: tasks from
 * {@value #TASK_NAMES} call sites, run in batches of {@value #BATCH} under parent spans
 * of {@value #PARENT_NAMES} names (so up to 100,000 distinct stacks and many task names,
 * beyond every default cap). Used heap is read after full collections, before the layers
 * are created and after the tasks; the difference is what the layers hold.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.tracetools.benchmarks.RetainedHeap
 * LAYERS [TASKS]} where {@code LAYERS} is {@code none}, {@code all} or a comma-separated
 * list of {@code flamegraph}, {@code console}, {@code logging}, {@code timeline}
 * ({@code all} is the three layers on by default). Prints one line:
 * {@code retained-heap layers=... tasks=... after-1m=... after-all=... ns-per-task=...}.
 *
 * @author trace-tools
 */
public final class RetainedHeap {

	static final int TASK_NAMES = 1_000;

	static final int PARENT_NAMES = 100;

	static final int BATCH = 100;

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private RetainedHeap() {
	}

	/**
	 * Run the tasks and print what the layers retain.
	 * @param args the layers, and optionally the number of tasks (default 10,000,000)
	 * @throws InterruptedException if interrupted while letting the collector settle
	 */
	public static void main(String[] args) throws InterruptedException {
		List<Layer> layers = parse((args.length > 0) ? args[0] : "all");
		long tasks = (args.length > 1) ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
		ObservationRegistry registry = ObservationRegistry.create();
		TaskObservations observations = new TaskObservations(registry, "bench", true);
		NextTask[] descriptors = new NextTask[TASK_NAMES];
		for (int i = 0; i < TASK_NAMES; i++) {
			descriptors[i] = new NextTask(new CallSite("Job" + i + ".run", "dev.tracetools.benchmarks.Job" + i, "run",
					"Job" + i + ".java", 10 + i), TaskKind.EXECUTOR);
		}
		CallSite[] parents = new CallSite[PARENT_NAMES];
		for (int i = 0; i < PARENT_NAMES; i++) {
			parents[i] = new CallSite("Controller" + i + ".handle", null, null, null, 0);
		}
		Runnable task = () -> {
		};
		long base = usedAfterGc();
		List<ObservationHandler<?>> handlers = Layer.install(registry, layers);
		long afterMillion = -1;
		long start = System.nanoTime();
		for (long i = 0; i < tasks; i += BATCH) {
			Observation parent = ObservedSpans.create(registry, parents[(int) ((i / BATCH) % PARENT_NAMES)]).start();
			try (Observation.Scope scope = parent.openScope()) {
				for (int j = 0; j < BATCH; j++) {
					NextTask.describeNext(descriptors[(int) ((i + j) % TASK_NAMES)]);
					observations.observe(task).run();
				}
			}
			parent.stop();
			if (i + BATCH == 1_000_000) {
				afterMillion = usedAfterGc() - base;
			}
		}
		long nanos = System.nanoTime() - start;
		long retained = usedAfterGc() - base;
		System.out.printf(Locale.ROOT, "retained-heap layers=%s tasks=%d after-1m=%d after-all=%d ns-per-task=%.0f%n",
				(args.length > 0) ? args[0] : "all", tasks, afterMillion, retained, (double) nanos / tasks);
		Reference.reachabilityFence(handlers);
		Reference.reachabilityFence(registry);
	}

	private static List<Layer> parse(String names) {
		if (names.equals("none")) {
			return List.of();
		}
		if (names.equals("all")) {
			return Layer.DEFAULT_ON;
		}
		List<Layer> layers = new ArrayList<>();
		for (String name : names.split(",")) {
			layers.add(Layer.valueOf(name.trim().toUpperCase(Locale.ROOT)));
		}
		return layers;
	}

	private static long usedAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
