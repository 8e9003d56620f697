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

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.Instrumentation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;

/**
 * Observes the tasks given to an executor at its entry points ({@code execute},
 * {@code submit}, {@code submitCompletable}, {@code schedule*}), so that no
 * {@code TaskDecorator} has to be set: a {@code ThreadPoolTaskExecutor} with a decorator
 * tracks every decorated task in a weak map, which costs more than the observation. A
 * user's own decorator still runs, on the observed task.
 * <p>
 * Tasks that Spring's scheduling infrastructure submits ({@code @Scheduled} methods) pass
 * through untouched: Spring observes them as {@code tasks.scheduled.execution}, and the
 * layers treat that observation as a task.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class ExecutorObservationInterceptor implements MethodInterceptor {

	private final TaskObservations observations;

	/**
	 * Create an interceptor that observes tasks with the given observations.
	 * @param observations the executor's task observations
	 */
	public ExecutorObservationInterceptor(TaskObservations observations) {
		this.observations = observations;
	}

	/**
	 * The task observations of the intercepted executor.
	 * @return the task observations
	 */
	public TaskObservations getObservations() {
		return this.observations;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length == 0 || !(arguments[0] instanceof Runnable || arguments[0] instanceof Callable)
				|| isSpringScheduling(arguments[0])) {
			return invocation.proceed();
		}
		return switch (invocation.getMethod().getName()) {
			case "execute" -> execute(invocation, arguments);
			case "submit" -> submit(invocation, arguments);
			case "submitCompletable" -> submitCompletable(invocation, arguments);
			case "schedule" -> schedule(invocation, arguments, isTriggered(arguments));
			case "scheduleAtFixedRate", "scheduleWithFixedDelay" -> schedule(invocation, arguments, true);
			default -> invocation.proceed();
		};
	}

	private @Nullable Object execute(MethodInvocation invocation, Object[] arguments) throws Throwable {
		ObservedTask<?> task = start(arguments[0], TaskKind.EXECUTOR, 0, false);
		arguments[0] = task;
		return proceed(invocation, task);
	}

	private Object submit(MethodInvocation invocation, Object[] arguments) {
		ObservedTask<?> task = (arguments.length > 1 && arguments[0] instanceof Runnable runnable)
				? resultOf(runnable, arguments[1]) : start(arguments[0], TaskKind.EXECUTOR, 0, false);
		ObservedFutureTask<?> future = new ObservedFutureTask<>(task);
		Executor executor = (Executor) invocation.getThis();
		try {
			if (executor == null) {
				throw new IllegalStateException("No target executor");
			}
			executor.execute(future);
		}
		catch (RuntimeException ex) {
			task.rejected(ex);
			throw ex;
		}
		return future;
	}

	private ObservedTask<Object> resultOf(Runnable runnable, Object result) {
		return this.observations.start(null, () -> {
			runnable.run();
			return result;
		}, TaskKind.EXECUTOR, 0, false, runnable.getClass());
	}

	private @Nullable Object submitCompletable(MethodInvocation invocation, Object[] arguments) throws Throwable {
		ObservedTask<?> task = start(arguments[0], TaskKind.EXECUTOR, 0, false);
		arguments[0] = (arguments[0] instanceof Callable) ? (Callable<?>) task : (Runnable) task;
		Object result = proceed(invocation, task);
		if (result instanceof CompletableFuture<?> future) {
			future.whenComplete((value, error) -> {
				if (future.isCancelled()) {
					task.cancel();
				}
			});
		}
		return result;
	}

	private @Nullable Object schedule(MethodInvocation invocation, Object[] arguments, boolean periodic)
			throws Throwable {
		ObservedTask<?> task = start(arguments[0], TaskKind.SCHEDULED, periodic ? 0 : delayNanos(arguments), periodic);
		arguments[0] = (arguments[0] instanceof Callable) ? (Callable<?>) task : (Runnable) task;
		Object result = proceed(invocation, task);
		if (result == null && periodic) {
			// A trigger that never fires: the task will never run.
			task.cancel();
		}
		return (result instanceof ScheduledFuture<?> future) ? new ObservedScheduledFuture<>(future, task) : result;
	}

	private ObservedTask<?> start(Object task, TaskKind kind, long delayNanos, boolean periodic) {
		if (task instanceof Callable<?> callable) {
			return this.observations.start(null, callable, kind, delayNanos, periodic, task.getClass());
		}
		return this.observations.start((Runnable) task, null, kind, delayNanos, periodic, task.getClass());
	}

	private static @Nullable Object proceed(MethodInvocation invocation, ObservedTask<?> task) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (RejectedExecutionException ex) {
			// Spring's TaskRejectedException is one too.
			task.rejected(ex);
			throw ex;
		}
	}

	private static boolean isTriggered(Object[] arguments) {
		return arguments.length == 2 && arguments[1] instanceof Trigger;
	}

	private static long delayNanos(Object[] arguments) {
		if (arguments.length == 2 && arguments[1] instanceof Instant instant) {
			return Duration.between(Instant.now(), instant).toNanos();
		}
		if (arguments.length == 2 && arguments[1] instanceof Date date) {
			return TimeUnit.MILLISECONDS.toNanos(date.getTime() - System.currentTimeMillis());
		}
		if (arguments.length == 3 && arguments[1] instanceof Long delay && arguments[2] instanceof TimeUnit unit) {
			return unit.toNanos(delay);
		}
		return 0;
	}

	private static boolean isSpringScheduling(Object task) {
		return task.getClass().getName().startsWith("org.springframework.scheduling.");
	}

}
