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

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * Observes the tasks given to an executor at its entry points ({@code execute},
 * {@code submit}, {@code submitCompletable}, {@code schedule*}): the one place that
 * decides what a call to an executor becomes. Proxies of every kind (a JDK interface
 * proxy for plain Java, Spring AOP's class-based proxies) hand their calls here, so that
 * no {@code TaskDecorator} has to be set: a {@code ThreadPoolTaskExecutor} with a
 * decorator tracks every decorated task in a weak map, which costs more than the
 * observation.
 * <p>
 * Tasks that Spring's scheduling infrastructure submits ({@code @Scheduled} methods) pass
 * through untouched: Spring observes them as {@code tasks.scheduled.execution}, and the
 * layers treat that observation as a task.
 * <p>
 * A call returns what the executor's own method returns, of the type it declares: a
 * {@code ForkJoinPool}'s {@code submit} returns a {@link ForkJoinTask}. A
 * {@code ForkJoinTask} given to a {@code ForkJoinPool} ({@code execute}, {@code submit},
 * {@code invoke}) passes through untouched, as do {@code invokeAll} and
 * {@code invokeAny}: their tasks run as before, not observed.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class TaskEntryPoints {

	private final TaskObservations observations;

	/**
	 * Create the entry points that observe tasks with the given observations.
	 * @param observations the executor's task observations
	 */
	public TaskEntryPoints(TaskObservations observations) {
		this.observations = observations;
	}

	/**
	 * The task observations of the instrumented executor.
	 * @return the task observations
	 */
	public TaskObservations observations() {
		return this.observations;
	}

	/**
	 * Observe one call to an executor.
	 * @param method the method called
	 * @param arguments its arguments; a task argument is replaced by its observed task
	 * @param target the executor called
	 * @param triggered whether a {@code schedule} call's second argument is a trigger
	 * (periodic, as {@code scheduleAtFixedRate})
	 * @param invocation calls the method on the target with the (changed) arguments
	 * @return what the call returns
	 * @throws Throwable what the call throws
	 */
	public @Nullable Object invoke(Method method, @Nullable Object[] arguments, Executor target, boolean triggered,
			Invocation invocation) throws Throwable {
		if (arguments.length == 0 || !(arguments[0] instanceof Runnable || arguments[0] instanceof Callable)
				|| isSpringScheduling(arguments[0]) || isForkJoinTaskCall(method, arguments[0], target)) {
			return invocation.proceed();
		}
		Object task = arguments[0];
		return switch (method.getName()) {
			case "execute" -> execute(invocation, arguments, task);
			case "submit" -> submit(invocation, target, arguments, task);
			case "submitCompletable" -> submitCompletable(invocation, arguments, task);
			case "schedule" -> schedule(invocation, arguments, task, triggered);
			case "scheduleAtFixedRate", "scheduleWithFixedDelay" -> schedule(invocation, arguments, task, true);
			default -> invocation.proceed();
		};
	}

	private @Nullable Object execute(Invocation invocation, @Nullable Object[] arguments, Object task)
			throws Throwable {
		ObservedTask<?> observed = start(task, TaskKind.EXECUTOR, 0, false);
		arguments[0] = observed;
		return proceed(invocation, observed);
	}

	private @Nullable Object submit(Invocation invocation, Executor target, @Nullable Object[] arguments, Object task)
			throws Throwable {
		if (target instanceof ForkJoinPool pool) {
			return submit(pool, arguments, task);
		}
		if (target instanceof ScheduledExecutorService) {
			// Its submit returns a ScheduledFuture: keep calling it.
			ObservedTask<?> observed = submitted(arguments, task);
			arguments[0] = (task instanceof Callable) ? (Callable<?>) observed : (Runnable) observed;
			return scheduledFuture(proceed(invocation, observed), observed);
		}
		return submit(target, arguments, task);
	}

	private Object submit(Executor target, @Nullable Object[] arguments, Object task) {
		ObservedTask<?> observed = submitted(arguments, task);
		ObservedFutureTask<?> future = new ObservedFutureTask<>(observed);
		try {
			target.execute(future);
		}
		catch (RuntimeException ex) {
			observed.rejected(ex);
			throw ex;
		}
		return future;
	}

	private Object submit(ForkJoinPool pool, @Nullable Object[] arguments, Object task) {
		ObservedTask<?> observed = submitted(arguments, task);
		ObservedForkJoinTask<?> future = new ObservedForkJoinTask<>(observed);
		try {
			pool.execute((ForkJoinTask<?>) future);
		}
		catch (RuntimeException ex) {
			observed.rejected(ex);
			throw ex;
		}
		return future;
	}

	private ObservedTask<?> submitted(@Nullable Object[] arguments, Object task) {
		return (arguments.length > 1 && task instanceof Runnable runnable) ? resultOf(runnable, arguments[1])
				: start(task, TaskKind.EXECUTOR, 0, false);
	}

	private ObservedTask<@Nullable Object> resultOf(Runnable runnable, @Nullable Object result) {
		return this.observations.start(null, () -> {
			runnable.run();
			return result;
		}, TaskKind.EXECUTOR, 0, false, runnable.getClass());
	}

	private @Nullable Object submitCompletable(Invocation invocation, @Nullable Object[] arguments, Object task)
			throws Throwable {
		ObservedTask<?> observed = start(task, TaskKind.EXECUTOR, 0, false);
		arguments[0] = (task instanceof Callable) ? (Callable<?>) observed : (Runnable) observed;
		Object result = proceed(invocation, observed);
		if (result instanceof CompletableFuture<?> future) {
			future.whenComplete((value, error) -> {
				if (future.isCancelled()) {
					observed.cancel();
				}
			});
		}
		return result;
	}

	private @Nullable Object schedule(Invocation invocation, @Nullable Object[] arguments, Object task,
			boolean periodic) throws Throwable {
		ObservedTask<?> observed = start(task, TaskKind.SCHEDULED, delayNanos(arguments), periodic);
		arguments[0] = (task instanceof Callable) ? (Callable<?>) observed : (Runnable) observed;
		Object result = proceed(invocation, observed);
		if (result == null && periodic) {
			// A trigger that never fires: the task will never run.
			observed.cancel();
		}
		return scheduledFuture(result, observed);
	}

	private static @Nullable Object scheduledFuture(@Nullable Object result, ObservedTask<?> observed) {
		return (result instanceof ScheduledFuture<?> future) ? new ObservedScheduledFuture<>(future, observed) : result;
	}

	private ObservedTask<?> start(Object task, TaskKind kind, long delayNanos, boolean periodic) {
		if (task instanceof Callable<?> callable) {
			return this.observations.start(null, callable, kind, delayNanos, periodic, task.getClass());
		}
		return this.observations.start((Runnable) task, null, kind, delayNanos, periodic, task.getClass());
	}

	private static @Nullable Object proceed(Invocation invocation, ObservedTask<?> task) throws Throwable {
		try {
			return invocation.proceed();
		}
		catch (RejectedExecutionException ex) {
			// Spring's TaskRejectedException is one too.
			task.rejected(ex);
			throw ex;
		}
	}

	private static long delayNanos(@Nullable Object[] arguments) {
		if (arguments.length == 2 && arguments[1] instanceof Instant instant) {
			return Duration.between(Instant.now(), instant).toNanos();
		}
		if (arguments.length == 2 && arguments[1] instanceof Date date) {
			return TimeUnit.MILLISECONDS.toNanos(date.getTime() - System.currentTimeMillis());
		}
		if (arguments.length == 3 && arguments[1] instanceof Long delay && arguments[2] instanceof TimeUnit unit) {
			return unit.toNanos(delay);
		}
		if (arguments.length == 4 && arguments[1] instanceof Long delay && arguments[3] instanceof TimeUnit unit) {
			// scheduleAtFixedRate and scheduleWithFixedDelay: the initial delay.
			return unit.toNanos(delay);
		}
		if (arguments.length == 3 && arguments[1] instanceof Instant start && arguments[2] instanceof Duration) {
			// Spring's TaskScheduler at a fixed rate or delay from a start time.
			return Duration.between(Instant.now(), start).toNanos();
		}
		return 0;
	}

	private static boolean isForkJoinTaskCall(Method method, Object task, Executor target) {
		// A ForkJoinTask may be a Runnable too; an overload taking a ForkJoinTask cannot
		// take the observed task. CompletableFuture's async tasks are ForkJoinTasks given
		// to execute(Runnable): those are observed.
		return task instanceof ForkJoinTask && target instanceof ForkJoinPool
				&& method.getParameterTypes()[0] == ForkJoinTask.class;
	}

	private static boolean isSpringScheduling(Object task) {
		// By name: the core does not depend on Spring.
		return task.getClass().getName().startsWith("org.springframework.scheduling.");
	}

	/**
	 * The call to the executor's own method, with the arguments as changed.
	 */
	@FunctionalInterface
	public interface Invocation {

		/**
		 * Call the executor's method.
		 * @return what it returns
		 * @throws Throwable what it throws
		 */
		@Nullable Object proceed() throws Throwable;

	}

}
