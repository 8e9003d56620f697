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

package dev.tracetools.aop;

import java.lang.reflect.Method;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.NextTask;
import dev.tracetools.executor.TaskKind;
import dev.tracetools.observe.Instrumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * The two interceptors that make an {@code @Async} method's task span look like the
 * method: one runs on the calling thread, before Spring's async interceptor, and names
 * the task that interceptor is about to submit after the method
 * ({@code task.kind=async}); the other runs on the worker thread, around the method body,
 * and when the body returns a future that is not done yet, records that the task is
 * {@code blocked} from then on: Spring's interceptor calls {@code get()} on that future
 * on the pool thread, so the thread is held (busy, not idle) until the future completes,
 * and the task ends then. When the body throws, it records the exception on the task,
 * which Spring's interceptor would otherwise hide for a {@code void} method.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class AsyncTaskInterceptors {

	private AsyncTaskInterceptors() {
	}

	/**
	 * The interceptor that names the task on the calling thread.
	 * @return the interceptor
	 */
	public static MethodInterceptor naming() {
		return new Naming();
	}

	/**
	 * The interceptor that marks a task whose method returned a pending future as blocked
	 * on it.
	 * @param registry the registry whose current observation is the task's
	 * @return the interceptor
	 */
	public static MethodInterceptor blocking(Supplier<ObservationRegistry> registry) {
		return new Blocking(registry);
	}

	@Instrumentation
	private static final class Naming implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object target = invocation.getThis();
			Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
					: invocation.getMethod();
			NextTask.describeNext(new NextTask(MethodCallSites.of(method), TaskKind.ASYNC));
			try {
				return invocation.proceed();
			}
			finally {
				NextTask.clear();
			}
		}

	}

	@Instrumentation
	private static final class Blocking implements MethodInterceptor {

		private final Supplier<ObservationRegistry> registry;

		Blocking(Supplier<ObservationRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Object result;
			try {
				result = invocation.proceed();
			}
			catch (Throwable ex) {
				// Spring hands the exception of a void method to its uncaught-exception
				// handler: the task would return normally.
				TaskContext task = currentTask();
				if (task != null) {
					task.failed(ex);
				}
				throw ex;
			}
			if (result instanceof Future<?> future && !future.isDone()) {
				TaskContext task = currentTask();
				if (task != null) {
					// Spring's interceptor now blocks this thread on the future.
					task.blockedOnFuture();
				}
			}
			return result;
		}

		private @Nullable TaskContext currentTask() {
			Observation current = this.registry.get().getCurrentObservation();
			return (current != null && current.getContext() instanceof TaskContext task) ? task : null;
		}

	}

}
