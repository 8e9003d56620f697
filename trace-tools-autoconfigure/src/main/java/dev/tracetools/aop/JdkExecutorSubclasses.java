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

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.observe.Instrumentation;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.Factory;
import org.springframework.objenesis.SpringObjenesis;

/**
 * Class-based proxies of the JDK's own executor classes ({@code ThreadPoolExecutor},
 * {@code ScheduledThreadPoolExecutor}, {@code ForkJoinPool}): Spring's proxy factory
 * would define the subclass in {@code java.util.concurrent}, which the module system
 * forbids without {@code --add-opens}, so the subclass is defined here, in this package,
 * and delegates every call to the instrumented executor.
 *
 * @author trace-tools
 */
@Instrumentation
final class JdkExecutorSubclasses {

	static final String MARKER = "$$TraceTools$$";

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static final SpringObjenesis OBJENESIS = new SpringObjenesis();

	private JdkExecutorSubclasses() {
	}

	static boolean isJdkClass(Class<?> type) {
		return type.getName().startsWith("java.");
	}

	@SuppressWarnings("unchecked")
	static <E extends Executor> E proxy(E target, MethodInterceptor interceptor) {
		Class<?> type = target.getClass();
		Enhancer enhancer = new Enhancer();
		enhancer.setSuperclass(type);
		enhancer.setContextClass(JdkExecutorSubclasses.class);
		enhancer.setClassLoader(JdkExecutorSubclasses.class.getClassLoader());
		// Callbacks are set on the instance before it is published, as Spring's own
		// class-based proxies do: CGLIB's lazy binding of static callbacks on first call
		// marks the instance bound before it stores the callback, so a second thread
		// calling at that moment ran the JDK class's own method on the empty instance.
		enhancer.setUseFactory(true);
		enhancer.setUseCache(false);
		enhancer.setNamingPolicy((prefix, source, key, names) -> JdkExecutorSubclasses.class.getPackageName() + "."
				+ type.getSimpleName() + MARKER + COUNTER.incrementAndGet());
		enhancer.setCallbackType(org.springframework.cglib.proxy.MethodInterceptor.class);
		Class<?> subclass = enhancer.createClass();
		Callback callback = (org.springframework.cglib.proxy.MethodInterceptor) (proxy, method, arguments,
				methodProxy) -> interceptor.invoke(new Invocation(target, method, arguments));
		Factory instance = (Factory) OBJENESIS.newInstance(subclass);
		instance.setCallbacks(new Callback[] { callback });
		return (E) instance;
	}

	@Instrumentation
	private static final class Invocation implements MethodInvocation {

		private final Object target;

		private final Method method;

		private final Object[] arguments;

		Invocation(Object target, Method method, Object[] arguments) {
			this.target = target;
			this.method = method;
			this.arguments = arguments;
		}

		@Override
		public Method getMethod() {
			return this.method;
		}

		@Override
		public Object[] getArguments() {
			return this.arguments;
		}

		@Override
		public @Nullable Object proceed() throws Throwable {
			try {
				return this.method.invoke(this.target, this.arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		@Override
		public Object getThis() {
			return this.target;
		}

		@Override
		public AccessibleObject getStaticPart() {
			return this.method;
		}

	}

}
