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

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.tracetools.observe.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * Instruments an executor for a plain Java program: the result implements the executor's
 * interfaces ({@code ExecutorService}, {@code ScheduledExecutorService}, ...) and
 * observes the tasks given to its entry points. A Spring application needs none of this:
 * the auto-configuration proxies every executor bean by its class, so that injection by
 * concrete class keeps working.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ObservedExecutors {

	private ObservedExecutors() {
	}

	/**
	 * Return an instrumented view of the given executor.
	 * @param <E> the interface the executor is used through
	 * @param type the interface the executor is used through (for instance
	 * {@code ExecutorService.class})
	 * @param executor the executor
	 * @param observations the task observations to use
	 * @return a proxy implementing every interface of the executor that observes its
	 * tasks
	 */
	public static <E extends Executor> E wrap(Class<E> type, E executor, TaskObservations observations) {
		if (!type.isInterface()) {
			throw new IllegalArgumentException(type.getName() + " is not an interface");
		}
		if (Proxy.isProxyClass(executor.getClass())
				&& Proxy.getInvocationHandler(executor) instanceof ObservingHandler) {
			return executor;
		}
		Set<Class<?>> interfaces = new LinkedHashSet<>();
		interfaces.add(type);
		collectInterfaces(executor.getClass(), interfaces);
		ClassLoader loader = (executor.getClass().getClassLoader() != null) ? executor.getClass().getClassLoader()
				: ObservedExecutors.class.getClassLoader();
		Object proxy = Proxy.newProxyInstance(loader, interfaces.toArray(Class<?>[]::new),
				new ObservingHandler(executor, new TaskEntryPoints(observations)));
		return type.cast(proxy);
	}

	private static void collectInterfaces(@Nullable Class<?> type, Set<Class<?>> into) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			for (Class<?> candidate : current.getInterfaces()) {
				if (Modifier.isPublic(candidate.getModifiers()) && into.add(candidate)) {
					collectInterfaces(candidate, into);
				}
			}
		}
	}

	@Instrumentation
	private static final class ObservingHandler implements InvocationHandler {

		private final Executor target;

		private final TaskEntryPoints entryPoints;

		ObservingHandler(Executor target, TaskEntryPoints entryPoints) {
			this.target = target;
			this.entryPoints = entryPoints;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] arguments)
				throws Throwable {
			@Nullable Object[] actual = (arguments != null) ? arguments : new Object[0];
			if (method.getDeclaringClass() == Object.class) {
				return switch (method.getName()) {
					case "equals" -> proxy == actual[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> call(method, actual);
				};
			}
			return this.entryPoints.invoke(method, actual, this.target, false, () -> call(method, actual));
		}

		private @Nullable Object call(Method method, @Nullable Object[] arguments) throws Throwable {
			try {
				return method.invoke(this.target, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
