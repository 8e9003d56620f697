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

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.CallSites;
import dev.tracetools.observe.Instrumentation;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Starts the {@code tracetools.task} span of each task submitted to one executor, and
 * wraps the task so that its span's scope is open while it runs.
 * <p>
 * The span starts at submission, with the observation current on the submitting thread as
 * its parent, and it is the span that is current while the task runs; what else
 * {@code context-propagation} carries (any registered thread-local, such as the MDC or a
 * security context) is captured there and restored around each run.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class TaskObservations {

	/**
	 * What Micrometer hands out on a registry without handlers: an observation that does
	 * nothing but open scopes (so that it hides the submitter's observation while the
	 * task runs).
	 */
	private static final Observation NO_SPAN = Observation.createNotStarted(SpanKeys.TASK_OBSERVATION,
			ObservationRegistry.NOOP);

	private final ObservationRegistry registry;

	private final KeyValue executorKeyValue;

	private final ContextRegistry contextRegistry = ContextRegistry.getInstance();

	private final @Nullable ContextSnapshotFactory snapshots;

	/**
	 * Create the task observations of one executor.
	 * @param registry the registry to observe with
	 * @param executorName the executor's name (its bean name), the {@code executor.name}
	 * key
	 * @param propagateContext whether to capture and restore everything
	 * {@code context-propagation} carries, not only the current observation
	 */
	public TaskObservations(ObservationRegistry registry, String executorName, boolean propagateContext) {
		this.registry = registry;
		this.executorKeyValue = KeyValue.of(SpanKeys.EXECUTOR_NAME, executorName);
		// The submitting thread's observation is not captured: it is the parent of the
		// task's span, whose scope is opened around each run. Restoring it as well would
		// open the parent's scope on the worker for every run (every handler's
		// onScopeOpened and onScopeClosed, for nothing: the task's scope replaces it).
		this.snapshots = propagateContext ? ContextSnapshotFactory.builder()
			.contextRegistry(this.contextRegistry)
			.captureKeyPredicate((key) -> !ObservationThreadLocalAccessor.KEY.equals(key))
			.build() : null;
	}

	/**
	 * The name of the executor whose tasks are observed.
	 * @return the executor name
	 */
	String executorName() {
		return this.executorKeyValue.getValue();
	}

	/**
	 * Observe a task run once, as soon as a thread is free.
	 * @param task the task
	 * @return the observed task
	 */
	public Runnable observe(Runnable task) {
		return start(task, null, TaskKind.EXECUTOR, 0, false, task.getClass());
	}

	/**
	 * Observe a callable run once, as soon as a thread is free.
	 * @param <T> the result type
	 * @param task the callable
	 * @return the observed callable
	 */
	public <T> Callable<T> observe(Callable<T> task) {
		return start(null, task, TaskKind.EXECUTOR, 0, false, task.getClass());
	}

	<T> ObservedTask<T> start(@Nullable Runnable runnable, @Nullable Callable<T> callable, TaskKind defaultKind,
			long delayNanos, boolean periodic, Class<?> taskClass) {
		NextTask described = NextTask.take();
		if (this.registry.isNoop()) {
			// No handler sees a span of this registry (Micrometer hands out a no-op
			// observation without asking for its context): no context, no times, which
			// nothing could read. The no-op span's scope still hides the submitter's
			// observation while the task runs, as before.
			return new ObservedTask<>(NO_SPAN, null, capture(), runnable, callable, periodic);
		}
		CallSite site = (described != null) ? described.callSite() : CallSites.ofTask(taskClass);
		TaskKind kind = (described != null) ? described.kind() : defaultKind;
		TaskContext context = new TaskContext(site, kind, this.executorKeyValue, delayNanos);
		// Micrometer makes the observation current on this thread the span's parent.
		Observation observation = Observation.createNotStarted(SpanKeys.TASK_OBSERVATION, () -> context, this.registry)
			.contextualName(site.name())
			.start();
		ObservedTask<T> task = new ObservedTask<>(observation, context, capture(), runnable, callable, periodic);
		CompletableFuture<?> completes = CompletionTaskFutures.futureOf(runnable);
		if (completes != null) {
			task.completes(completes);
		}
		return task;
	}

	private @Nullable ContextSnapshot capture() {
		ContextSnapshotFactory snapshots = this.snapshots;
		return (snapshots != null && !onlyObservationAccessor()) ? snapshots.captureAll() : null;
	}

	/**
	 * Whether the only thread-local accessor registered is the observation's, which is
	 * not captured: then a snapshot would be empty and restore nothing, so none is taken
	 * (a snapshot iterates the accessors twice per task, at capture and at restore, with
	 * an iterator each time). Read by index, which allocates nothing.
	 */
	private boolean onlyObservationAccessor() {
		List<ThreadLocalAccessor<?>> accessors = this.contextRegistry.getThreadLocalAccessors();
		try {
			for (int i = accessors.size() - 1; i >= 0; i--) {
				if (!ObservationThreadLocalAccessor.KEY.equals(accessors.get(i).key())) {
					return false;
				}
			}
			return true;
		}
		catch (IndexOutOfBoundsException ex) {
			// An accessor was removed while this read the list: take a snapshot.
			return false;
		}
	}

}
