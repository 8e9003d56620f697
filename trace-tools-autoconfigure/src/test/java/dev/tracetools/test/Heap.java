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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap the application holds: the stress and load tests compare it before and after
 * their tasks to measure what the layers retain.
 */
public final class Heap {

	private Heap() {
	}

	/**
	 * The used heap after a full GC: the least of three readings, each after
	 * {@code System.gc()}, so that garbage of a GC's own making does not count. (Without
	 * {@code -XX:+ExplicitGCInvokesConcurrent}, which the tests do not set,
	 * {@code System.gc()} returns when its full collection is done: nothing to wait for.)
	 * @return the used heap in bytes
	 */
	public static long usedAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
