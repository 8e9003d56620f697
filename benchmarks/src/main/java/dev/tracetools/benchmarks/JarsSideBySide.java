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

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The CPU time and bytes of a no-op task (inline, by default) for several builds of the
 * project side by side in one JVM, for a machine too loaded for JMH's times: each
 * benchmarks jar (say main's and a branch's) is loaded by a class loader of its own, the
 * variants of every jar run in turns (the order reversed every other round) for some
 * rounds after a warm-up, and the benchmark thread's CPU time and allocated bytes
 * ({@code com.sun.management.ThreadMXBean}) are divided by the tasks of each turn. Load
 * slows every jar in the same rounds, so the differences between jars hold although the
 * times are higher than on a quiet machine. Bytes are not those of one JVM per variant
 * (the variants of one jar share their JIT profiles here): read them with
 * {@link AllocationPerTask}.
 * <p>
 * Usage: {@code java -cp benchmarks.jar dev.tracetools.benchmarks.JarsSideBySide
 * JAR[,JAR...] VARIANT[,VARIANT...] [ROUNDS] [TASKS] [requests | POOL [TASK]]} (9 rounds
 * of 300,000 tasks by default); prints one line per jar and variant: the median, first
 * quartile and minimum of the rounds' CPU time per task, the median of their bytes per
 * task, and the CPU time of each round in order (a difference between two variants is
 * steadier taken round by round, since a round's variants ran within seconds of each
 * other).
 * <p>
 * With a fifth argument {@code requests}, the tasks are submitted inside requests of
 * {@value ParentedTaskBenchmark#TASKS_PER_REQUEST} tasks (as in
 * {@link ParentedTaskBenchmark}): each variant runs twice per round, its tasks inside
 * requests ({@code tasks}) and the same requests without tasks ({@code requests}, per
 * task), and a third line per variant ({@code net}) gives the median of the rounds'
 * differences, what a task adds to its request.
 * <p>
 * With a fifth argument naming a pool ({@code THREAD_POOL_EXECUTOR} or
 * {@code THREAD_POOL_TASK_EXECUTOR}, or both, comma separated) and optionally a sixth
 * naming the task ({@code NOOP} by default, or {@code SPIN_20US}), the tasks run on that
 * executor as {@link TaskCostBenchmark} runs them (batches of
 * {@value TaskCostBenchmark#BATCH}, waited for), and the CPU time and bytes are those of
 * the benchmark thread and of every worker thread ({@code bench-*}) together; a second
 * line per variant ({@code caller}) gives the benchmark thread's share alone. The rounds
 * on a pool fall in two modes, a microsecond a task apart, with or without
 * instrumentation: compare jars by the first quartile or the minimum, with enough rounds
 * (11 of 200,000 no-op tasks) for every jar's compiles to finish.
 *
 * @author trace-tools
 */
public final class JarsSideBySide {

	private JarsSideBySide() {
	}

	/**
	 * Run the jars' variants side by side and print their CPU time and bytes per task.
	 * @param args the jars, the variants, optionally the rounds, the tasks per round and
	 * {@code requests} or a pool (and then optionally the task)
	 * @throws Exception if a jar cannot be loaded or run
	 */
	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 9;
		long tasks = (args.length > 3) ? Long.parseLong(args[3].replace("_", "")) : 300_000L;
		boolean inRequests = args.length > 4 && args[4].equals("requests");
		@Nullable String pool = (args.length > 4 && !inRequests) ? args[4] : null;
		String workload = (args.length > 5) ? args[5] : "NOOP";
		Runnable task = () -> {
		};
		List<String> names = new ArrayList<>();
		List<Runnable> turns = new ArrayList<>();
		for (String jar : args[0].split(",")) {
			URLClassLoader loader = new URLClassLoader(new URL[] { new File(jar).toURI().toURL() },
					ClassLoader.getPlatformClassLoader());
			// Micrometer finds its context-propagation accessors through the context
			// class loader.
			Thread.currentThread().setContextClassLoader(loader);
			Class<?> variant = loader.loadClass(Variant.class.getName());
			Class<?> kind = loader.loadClass(ExecutorKind.class.getName());
			Class<?> instrumented = loader.loadClass(InstrumentedExecutor.class.getName());
			Method run = loader.loadClass(AllocationPerTask.class.getName())
				.getDeclaredMethod("run", Executor.class, Runnable.class, long.class);
			run.setAccessible(true);
			// Only when asked: an older jar has no requests to run.
			Method requests = inRequests ? requestsOf(loader) : null;
			Constructor<?> constructor = instrumented.getDeclaredConstructor(variant, kind);
			constructor.setAccessible(true);
			Method executor = instrumented.getDeclaredMethod("executor");
			executor.setAccessible(true);
			Method registry = instrumented.getDeclaredMethod("registry");
			registry.setAccessible(true);
			for (String name : args[1].split(",")) {
				if (pool != null) {
					for (String executorKind : pool.split(",")) {
						names.add(new File(jar).getName() + " " + name.trim()
								+ ((pool.indexOf(',') >= 0) ? " " + executorKind : ""));
						turns.add(onPool(loader, name.trim(), executorKind, workload, tasks));
					}
					continue;
				}
				Object executorOfVariant = constructor.newInstance(constant(variant, name.trim()),
						constant(kind, ExecutorKind.INLINE.name()));
				String jarAndVariant = new File(jar).getName() + " " + name.trim();
				Executor target = (Executor) executor.invoke(executorOfVariant);
				if (!inRequests) {
					names.add(jarAndVariant);
					turns.add(invoking(run, target, task, tasks));
					continue;
				}
				Object observations = registry.invoke(executorOfVariant);
				long requestCount = tasks / ParentedTaskBenchmark.TASKS_PER_REQUEST;
				names.add(jarAndVariant + " tasks");
				turns.add(invoking(requests, observations, target, task, requestCount,
						ParentedTaskBenchmark.TASKS_PER_REQUEST));
				names.add(jarAndVariant + " requests");
				turns.add(invoking(requests, observations, target, task, requestCount, 0));
			}
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		int count = names.size();
		for (int warmUp = 0; warmUp < 3; warmUp++) {
			for (int i = 0; i < count; i++) {
				turns.get(i).run();
			}
		}
		double[][] cpu = new double[count][rounds];
		double[][] bytes = new double[count][rounds];
		double[][] callerCpu = new double[count][rounds];
		double[][] callerBytes = new double[count][rounds];
		for (int round = 0; round < rounds; round++) {
			for (int turn = 0; turn < count; turn++) {
				int i = (round % 2 == 0) ? turn : count - 1 - turn;
				long[] workersBefore = (pool != null) ? workerTimes(threads) : new long[2];
				long cpuBefore = threads.getCurrentThreadCpuTime();
				long bytesBefore = threads.getThreadAllocatedBytes(thread);
				turns.get(i).run();
				callerCpu[i][round] = (threads.getCurrentThreadCpuTime() - cpuBefore) / (double) tasks;
				callerBytes[i][round] = (threads.getThreadAllocatedBytes(thread) - bytesBefore) / (double) tasks;
				long[] workersAfter = (pool != null) ? workerTimes(threads) : new long[2];
				cpu[i][round] = callerCpu[i][round] + (workersAfter[0] - workersBefore[0]) / (double) tasks;
				bytes[i][round] = callerBytes[i][round] + (workersAfter[1] - workersBefore[1]) / (double) tasks;
			}
		}
		if (inRequests) {
			// Each variant's two turns ran next to each other in every round.
			for (int i = 0; i < count; i += 2) {
				double[] net = new double[rounds];
				double[] netBytes = new double[rounds];
				for (int round = 0; round < rounds; round++) {
					net[round] = cpu[i][round] - cpu[i + 1][round];
					netBytes[round] = bytes[i][round] - bytes[i + 1][round];
				}
				print(names.get(i).replace(" tasks", " net"), net, netBytes);
			}
		}
		for (int i = 0; i < count; i++) {
			print(names.get(i), cpu[i], bytes[i]);
		}
		if (pool != null) {
			for (int i = 0; i < count; i++) {
				print(names.get(i) + " caller", callerCpu[i], callerBytes[i]);
			}
		}
	}

	/**
	 * A turn on a pool: a {@link TaskCostBenchmark} of the jar set up for the variant,
	 * its batches run until the turn's tasks are done. Its fields are set as JMH sets its
	 * parameters, so that a jar older than this option runs too.
	 */
	private static Runnable onPool(ClassLoader loader, String variant, String pool, String workload, long tasks)
			throws ReflectiveOperationException {
		Class<?> benchmark = loader.loadClass(TaskCostBenchmark.class.getName());
		Object state = benchmark.getDeclaredConstructor().newInstance();
		set(state, "variant", constant(loader.loadClass(Variant.class.getName()), variant));
		set(state, "executor", constant(loader.loadClass(ExecutorKind.class.getName()), pool));
		set(state, "task", constant(loader.loadClass(TaskCostBenchmark.Workload.class.getName()), workload));
		benchmark.getMethod("setUp").invoke(state);
		Method batch = benchmark.getMethod("task");
		long batches = tasks / TaskCostBenchmark.BATCH;
		return () -> {
			try {
				for (long i = 0; i < batches; i++) {
					batch.invoke(state);
				}
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
		Field declared = target.getClass().getDeclaredField(field);
		declared.setAccessible(true);
		declared.set(target, value);
	}

	/**
	 * The CPU time and allocated bytes of every executor worker thread ({@code bench-*},
	 * of every jar and variant: the idle ones add nothing).
	 */
	private static long[] workerTimes(com.sun.management.ThreadMXBean threads) {
		long[] cpuAndBytes = new long[2];
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith("bench-")) {
				cpuAndBytes[0] += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
				cpuAndBytes[1] += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
			}
		}
		return cpuAndBytes;
	}

	private static void print(String name, double[] cpu, double[] bytes) {
		StringBuilder byRound = new StringBuilder();
		for (double value : cpu) {
			byRound.append((byRound.length() > 0) ? "," : "").append(Math.round(value));
		}
		int rounds = cpu.length;
		Arrays.sort(cpu);
		Arrays.sort(bytes);
		System.out.printf(Locale.ROOT,
				"side-by-side %s cpu-median=%.0f cpu-q1=%.0f cpu-min=%.0f bytes-median=%.0f cpu-by-round=%s%n", name,
				cpu[rounds / 2], cpu[rounds / 4], cpu[0], bytes[rounds / 2], byRound);
	}

	private static Method requestsOf(ClassLoader loader) throws ReflectiveOperationException {
		Method requests = loader.loadClass(ParentedTaskBenchmark.class.getName())
			.getDeclaredMethod("requests", loader.loadClass(ObservationRegistry.class.getName()), Executor.class,
					Runnable.class, long.class, int.class);
		requests.setAccessible(true);
		return requests;
	}

	/**
	 * A turn: the given static method of a jar's class loader called with the given
	 * arguments.
	 */
	private static Runnable invoking(Method method, Object... args) {
		return () -> {
			try {
				method.invoke(null, args);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object constant(Class<?> type, String name) {
		return Enum.valueOf((Class) type, name);
	}

}
