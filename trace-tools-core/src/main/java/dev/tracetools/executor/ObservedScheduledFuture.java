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

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a scheduled task, which stops the task's span when it is cancelled.
 *
 * @param <V> the result type
 * @author trace-tools
 */
final class ObservedScheduledFuture<V> implements ScheduledFuture<V> {

	private final ScheduledFuture<V> delegate;

	private final ObservedTask<?> task;

	ObservedScheduledFuture(ScheduledFuture<V> delegate, ObservedTask<?> task) {
		this.delegate = delegate;
		this.task = task;
	}

	@Override
	public long getDelay(TimeUnit unit) {
		return this.delegate.getDelay(unit);
	}

	@Override
	public int compareTo(Delayed other) {
		return this.delegate.compareTo(other);
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = this.delegate.cancel(mayInterruptIfRunning);
		if (cancelled) {
			this.task.cancel();
		}
		return cancelled;
	}

	@Override
	public boolean isCancelled() {
		return this.delegate.isCancelled();
	}

	@Override
	public boolean isDone() {
		return this.delegate.isDone();
	}

	@Override
	public V get() throws InterruptedException, ExecutionException {
		return this.delegate.get();
	}

	@Override
	public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.get(timeout, unit);
	}

}
