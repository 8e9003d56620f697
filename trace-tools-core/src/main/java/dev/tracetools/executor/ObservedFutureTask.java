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

import java.util.concurrent.FutureTask;

import dev.tracetools.observe.Instrumentation;

/**
 * The future of a task submitted with {@code submit}: a {@link FutureTask} that runs the
 * observed task, and stops its span if it is cancelled before it runs.
 *
 * @param <T> the result type
 * @author trace-tools
 */
@Instrumentation
final class ObservedFutureTask<T> extends FutureTask<T> {

	private final ObservedTask<T> task;

	ObservedFutureTask(ObservedTask<T> task) {
		super(task);
		this.task = task;
	}

	@Override
	protected void done() {
		if (isCancelled()) {
			this.task.cancel();
		}
	}

}
