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

package dev.tracetools.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of this process's threads by kind (JIT compiler, garbage collector, the
 * web server's request threads, the rest), read from Linux's {@code /proc/self/task}: the
 * JVM's own threads (compiler, GC) are not visible to {@code ThreadMXBean}. A load test
 * prints the difference of two readings so that a CPU figure over its bound says where
 * the time went. Empty where {@code /proc} is not there.
 */
public final class ThreadsCpu {

	/**
	 * Clock ticks a second of {@code /proc}'s times: 100 on every Linux the JDK runs on.
	 */
	private static final long TICKS_PER_SECOND = 100;

	private final Map<String, Long> millisByKind;

	private ThreadsCpu(Map<String, Long> millisByKind) {
		this.millisByKind = millisByKind;
	}

	/**
	 * Reads the CPU time of every live thread of this process, by kind.
	 * @return the reading (empty where {@code /proc} cannot be read)
	 */
	public static ThreadsCpu read() {
		Map<String, Long> millis = new HashMap<>();
		Path tasks = Path.of("/proc/self/task");
		if (!Files.isDirectory(tasks)) {
			return new ThreadsCpu(millis);
		}
		try (Stream<Path> threads = Files.list(tasks)) {
			threads.forEach((thread) -> add(thread, millis));
		}
		catch (IOException ex) {
			// A /proc that cannot be listed: no breakdown, the test's own figures stand.
		}
		return new ThreadsCpu(millis);
	}

	private static void add(Path thread, Map<String, Long> millis) {
		try {
			String name = Files.readString(thread.resolve("comm")).trim();
			String stat = Files.readString(thread.resolve("stat"));
			// The name in stat is in parentheses and may hold spaces: count fields after
			// it.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			millis.merge(kindOf(name), ticks * 1000 / TICKS_PER_SECOND, Long::sum);
		}
		catch (IOException | RuntimeException ex) {
			// The thread ended between the listing and the read: it is left out.
		}
	}

	/**
	 * The kind of a thread: its name without the numbers that tell threads of one pool
	 * apart ("GC Thread#0" and "GC Thread#1" are "GC Thread#"). Linux cuts names to 15
	 * characters: the web server's "http-nio-41235-exec-1" reads "http-nio--".
	 */
	private static String kindOf(String name) {
		return name.replaceAll("[0-9]", "");
	}

	/**
	 * The CPU time the JIT compiler's threads ("C1 CompilerThread0", "C2
	 * CompilerThread0", ...) spent since an earlier reading.
	 * @param earlier the earlier reading
	 * @return milliseconds
	 */
	public long compilerMillisSince(ThreadsCpu earlier) {
		return this.millisByKind.entrySet()
			.stream()
			.filter((kind) -> kind.getKey().startsWith("C CompilerThre"))
			.mapToLong((kind) -> kind.getValue() - earlier.millisByKind.getOrDefault(kind.getKey(), 0L))
			.sum();
	}

	/**
	 * The kinds of threads that spent at least the given CPU time since an earlier
	 * reading, the most first.
	 * @param earlier the earlier reading
	 * @param leastMillis the least time a kind must have spent to be listed
	 * @return milliseconds by kind, the most first
	 */
	public Map<String, Long> since(ThreadsCpu earlier, long leastMillis) {
		Map<String, Long> spent = new LinkedHashMap<>();
		this.millisByKind.entrySet()
			.stream()
			.map((kind) -> Map.entry(kind.getKey(),
					kind.getValue() - earlier.millisByKind.getOrDefault(kind.getKey(), 0L)))
			.filter((kind) -> kind.getValue() >= leastMillis)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((kind) -> spent.put(kind.getKey(), kind.getValue()));
		return spent;
	}

}
