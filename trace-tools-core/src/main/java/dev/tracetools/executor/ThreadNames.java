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

package dev.tracetools.executor;

/**
 * What the views show for a thread: its name, or for a virtual thread the JDK's
 * description of it, {@code VirtualThread[#42,task-1]/runnable@ForkJoinPool-1-worker-3},
 * which names the carrier while the virtual thread is mounted on one. The carrier is not
 * public API (no method returns it), and a virtual thread has no name unless its factory
 * gives one, so this is the only way to tell where it ran.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ThreadNames {

	private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

	private ThreadNames() {
	}

	/**
	 * What the views show for a thread.
	 * @param thread the thread
	 * @return its name, or the description of a virtual thread
	 */
	public static String of(Thread thread) {
		return isVirtual(thread) ? thread.toString() : thread.getName();
	}

	/**
	 * Whether a thread is a virtual thread.
	 * @param thread the thread
	 * @return whether it is virtual
	 */
	public static boolean isVirtual(Thread thread) {
		// Thread.isVirtual() is not in Java 17, the release this module targets.
		return thread.getClass().getName().equals(VIRTUAL_THREAD);
	}

}
