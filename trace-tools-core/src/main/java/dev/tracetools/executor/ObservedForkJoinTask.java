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

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RunnableFuture;

import dev.tracetools.observe.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task submitted to a {@link ForkJoinPool} with {@code submit}: a
 * {@link ForkJoinTask}, as {@code ForkJoinPool.submit} declares, that runs the observed
 * task and stops its span if it is cancelled before it runs. A checked exception thrown
 * by a callable is wrapped in a {@link RuntimeException}, as the JDK's own adapter does
 * on JDK 17; {@code cancel(true)} does not interrupt a running task.
 *
 * @param <T> the result type
 * @author trace-tools
 */
@Instrumentation
final class ObservedForkJoinTask<T> extends ForkJoinTask<T> implements RunnableFuture<T> {

	private static final long serialVersionUID = 1L;

	private final transient ObservedTask<T> task;

	private transient @Nullable T result;

	ObservedForkJoinTask(ObservedTask<T> task) {
		this.task = task;
	}

	@Override
	@SuppressWarnings("NullAway")
	public T getRawResult() {
		return this.result;
	}

	@Override
	protected void setRawResult(T value) {
		this.result = value;
	}

	@Override
	protected boolean exec() {
		try {
			this.result = this.task.call();
			return true;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new RuntimeException(ex);
		}
	}

	@Override
	public void run() {
		invoke();
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		if (cancelled) {
			this.task.cancel();
		}
		return cancelled;
	}

}
