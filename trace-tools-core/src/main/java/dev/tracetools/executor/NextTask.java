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

import dev.tracetools.observe.CallSite;
import org.jspecify.annotations.Nullable;

/**
 * What the next task submitted on this thread is: its name, location and kind, when the
 * submitter knows better than the task's class (an {@code @Async} method is submitted by
 * Spring's interceptor, but is named after the method).
 *
 * @param callSite the name and location of the task
 * @param kind the kind of task
 * @author trace-tools
 * @since 0.1.0
 */
public record NextTask(CallSite callSite, TaskKind kind) {

	private static final ThreadLocal<@Nullable NextTask> NEXT = new ThreadLocal<>();

	/**
	 * Describe the next task submitted on this thread, until {@link #clear()}.
	 * @param descriptor the descriptor
	 */
	public static void describeNext(NextTask descriptor) {
		NEXT.set(descriptor);
	}

	/**
	 * Forget the description of the next task.
	 */
	public static void clear() {
		NEXT.remove();
	}

	/**
	 * Take the description of the next task, if one was given.
	 * @return the descriptor, or {@code null}
	 */
	static @Nullable NextTask take() {
		NextTask descriptor = NEXT.get();
		if (descriptor != null) {
			NEXT.remove();
		}
		return descriptor;
	}

}
