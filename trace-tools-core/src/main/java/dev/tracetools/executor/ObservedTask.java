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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.tracetools.observe.Instrumentation;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * A task wrapped in its {@code tracetools.task} span: the span was started when the task
 * was submitted; each run opens its scope on the worker thread (a poll, in tokio's words)
 * and the span stops when the task is done, whichever way it ends: returned, threw,
 * rejected or cancelled. Each poll is recorded once, here, in the task's
 * {@link TaskTimes}, which every layer reads: its start before the scope opens, its end
 * before the scope closes. A lock-free state machine makes sure the span is stopped
 * exactly once. On a registry without handlers the span is a no-op and the task has no
 * context: nothing could read its times, so none are recorded.
 *
 * @param <T> the task's result type
 * @author trace-tools
 */
@Instrumentation
final class ObservedTask<T> implements Runnable, Callable<T> {

	private static final int PENDING = 0;

	private static final int RUNNING = 1;

	private static final int DONE = 2;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(ObservedTask.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Observation observation;

	private final @Nullable TaskContext context;

	private final @Nullable ContextSnapshot snapshot;

	private final @Nullable Runnable runnable;

	private final @Nullable Callable<T> callable;

	private final boolean periodic;

	private volatile int state;

	private volatile boolean cancelRequested;

	private @Nullable CompletableFuture<?> completes;

	private volatile @Nullable Throwable caught;

	ObservedTask(Observation observation, @Nullable TaskContext context, @Nullable ContextSnapshot snapshot,
			@Nullable Runnable runnable, @Nullable Callable<T> callable, boolean periodic) {
		this.observation = observation;
		this.context = context;
		this.snapshot = snapshot;
		this.runnable = runnable;
		this.callable = callable;
		this.periodic = periodic;
		if (context != null) {
			context.setTask(this);
		}
	}

	@Override
	public void run() {
		try {
			call();
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CompletionException(ex);
		}
	}

	@Override
	public @Nullable T call() throws Exception {
		if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
			// Cancelled or rejected before it ran, or the end of a periodic task.
			return callDelegate();
		}
		ContextSnapshot.Scope restored = (this.snapshot != null) ? this.snapshot.setThreadLocals() : null;
		TaskContext context = this.context;
		if (context != null) {
			TaskTimes times = context.times();
			long now = System.nanoTime();
			if (this.periodic && times.polls() > 0) {
				// A later run of a periodic task: its trigger is not known here, so it
				// counts as woken when it runs (the first run's wake is the end of its
				// delay).
				times.wake(now);
			}
			times.pollStarted(now, Thread.currentThread());
		}
		Observation.Scope opened = this.observation.openScope();
		Throwable error = null;
		try {
			return callDelegate();
		}
		catch (Throwable ex) {
			error = ex;
			throw ex;
		}
		finally {
			end(opened, (error != null) ? error : caughtFailure());
			if (restored != null) {
				restored.close();
			}
		}
	}

	@SuppressWarnings("NullAway")
	private @Nullable T callDelegate() throws Exception {
		if (this.runnable != null) {
			this.runnable.run();
			return null;
		}
		return this.callable.call();
	}

	private void end(Observation.Scope opened, @Nullable Throwable error) {
		TaskContext context = this.context;
		TaskTimes times = (context != null) ? context.times() : null;
		boolean blocked = times != null && times.blockedSinceNanos() != 0;
		long now = (times != null) ? System.nanoTime() : 0;
		if (times != null) {
			times.pollEnded(now);
		}
		opened.close();
		if (times != null) {
			times.released();
		}
		boolean again = this.periodic && error == null && !this.cancelRequested;
		if (STATE.compareAndSet(this, RUNNING, again ? PENDING : DONE) && !again) {
			// The future a blocked thread waited for was cancelled: so is the task.
			TaskOutcome outcome = (blocked && error instanceof CancellationException) ? TaskOutcome.CANCELLED
					: outcome(error);
			finish(outcome, error, now);
		}
	}

	private TaskOutcome outcome(@Nullable Throwable error) {
		if (this.cancelRequested || error instanceof CancellationException) {
			return TaskOutcome.CANCELLED;
		}
		return (error != null) ? TaskOutcome.ERROR : TaskOutcome.SUCCESS;
	}

	/**
	 * The task's future was cancelled: stop its span now if it had not started, or when
	 * its current run ends.
	 */
	void cancel() {
		if (STATE.compareAndSet(this, PENDING, DONE)) {
			finish(TaskOutcome.CANCELLED, new CancellationException("Task was cancelled before it ran"));
		}
		else {
			this.cancelRequested = true;
		}
	}

	/**
	 * The executor rejected the task.
	 * @param ex the rejection
	 */
	void rejected(Throwable ex) {
		if (STATE.compareAndSet(this, PENDING, DONE)) {
			finish(TaskOutcome.REJECTED, ex);
		}
	}

	boolean blocked() {
		TaskContext context = this.context;
		if (context == null) {
			return false;
		}
		TaskTimes times = context.times();
		if (this.state != RUNNING || !times.isPolling() || !times.isPolledBy(Thread.currentThread())) {
			return false;
		}
		times.blocked(System.nanoTime());
		return true;
	}

	/**
	 * The task's code caught this failure before it reached the task (Spring's
	 * {@code @Async} interceptor hands the exception of a {@code void} method to its
	 * handler): the task ends with it when its run returns.
	 * @param failure the failure
	 */
	void caught(Throwable failure) {
		this.caught = failure;
	}

	/**
	 * The task is one of {@code CompletableFuture}'s async tasks, which completes this
	 * future (exceptionally with what its function threw): the task ends with that
	 * failure. Set before the task is handed to the executor.
	 * @param future the future the task completes
	 */
	void completes(CompletableFuture<?> future) {
		this.completes = future;
	}

	private @Nullable Throwable caughtFailure() {
		Throwable failure = this.caught;
		if (failure != null) {
			return failure;
		}
		CompletableFuture<?> future = this.completes;
		if (future == null || !future.isCompletedExceptionally()) {
			return null;
		}
		try {
			future.getNow(null);
			return null;
		}
		catch (CompletionException | CancellationException ex) {
			return unwrap(ex);
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	private void finish(TaskOutcome outcome, @Nullable Throwable error) {
		finish(outcome, error, System.nanoTime());
	}

	/**
	 * End the task: its end is recorded at {@code now} (the end of its last poll, when it
	 * ends with one: the layers' work in between is not the task's), then its span stops.
	 */
	private void finish(TaskOutcome outcome, @Nullable Throwable error, long now) {
		TaskContext context = this.context;
		if (context != null) {
			context.times().ended(now);
			context.setOutcome(outcome);
		}
		if (error != null) {
			this.observation.error(error);
		}
		this.observation.stop();
	}

}
