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

import java.util.concurrent.Executor;

import dev.tracetools.executor.TaskEntryPoints;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.Instrumentation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.Trigger;

/**
 * Hands the calls of a proxied executor to its {@link TaskEntryPoints}, which observe the
 * tasks given to it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
final class ExecutorObservationInterceptor implements MethodInterceptor {

	private final TaskEntryPoints entryPoints;

	/**
	 * Create an interceptor that observes tasks with the given observations.
	 * @param observations the executor's task observations
	 */
	ExecutorObservationInterceptor(TaskObservations observations) {
		this.entryPoints = new TaskEntryPoints(observations);
	}

	/**
	 * The task observations of the intercepted executor.
	 * @return the task observations
	 */
	public TaskObservations getObservations() {
		return this.entryPoints.observations();
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		Object target = invocation.getThis();
		if (!(target instanceof Executor executor)) {
			return invocation.proceed();
		}
		boolean triggered = arguments.length == 2 && arguments[1] instanceof Trigger;
		return this.entryPoints.invoke(invocation.getMethod(), arguments, executor, triggered, invocation::proceed);
	}

}
