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

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;

import dev.tracetools.executor.TaskObservations;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;

/**
 * Instruments an executor without changing its type: a class-based proxy (so that
 * injection by concrete class, Boot's executor metrics and lifecycle callbacks keep
 * working) whose task entry points are observed. Where the class cannot be subclassed (a
 * final class, or a final entry point), the proxy implements the executor's interfaces
 * instead.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ExecutorProxies {

	private static final Log logger = LogFactory.getLog(ExecutorProxies.class);

	private ExecutorProxies() {
	}

	/**
	 * Return an instrumented view of the given executor.
	 * @param <E> the executor's type
	 * @param executor the executor
	 * @param observations the task observations to use
	 * @return a proxy of the executor's class (or of its interfaces) that observes its
	 * tasks; the executor itself if it is already instrumented
	 */
	@SuppressWarnings("unchecked")
	public static <E extends Executor> E instrument(E executor, TaskObservations observations) {
		if (isInstrumented(executor)) {
			return executor;
		}
		ExecutorObservationInterceptor interceptor = new ExecutorObservationInterceptor(observations);
		if (executor instanceof Advised advised && !advised.isFrozen() && AopUtils.isAopProxy(executor)) {
			advised.addAdvice(0, interceptor);
			return executor;
		}
		if (JdkExecutorSubclasses.isJdkClass(executor.getClass()) && canProxyClass(executor.getClass())) {
			try {
				return JdkExecutorSubclasses.proxy(executor, interceptor);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not subclass " + executor.getClass() + ", falling back to its interfaces", ex);
			}
		}
		ProxyFactory factory = new ProxyFactory(executor);
		factory.addAdvice(interceptor);
		if (!JdkExecutorSubclasses.isJdkClass(executor.getClass()) && canProxyClass(executor.getClass())) {
			factory.setProxyTargetClass(true);
			try {
				E proxy = (E) factory.getProxy(proxyClassLoader(executor));
				if (hasFinalMethods(executor.getClass())) {
					copyFields(executor, proxy);
				}
				return proxy;
			}
			catch (RuntimeException | IllegalAccessException ex) {
				logger.debug("Could not proxy the class of " + executor + ", falling back to its interfaces", ex);
			}
		}
		factory.setProxyTargetClass(false);
		factory.setInterfaces(ClassUtils.getAllInterfaces(executor));
		return (E) factory.getProxy(proxyClassLoader(executor));
	}

	/**
	 * Whether the given executor is already instrumented by trace-tools.
	 * @param executor the executor
	 * @return whether its tasks are observed
	 */
	public static boolean isInstrumented(Object executor) {
		if (executor.getClass().getName().contains(JdkExecutorSubclasses.MARKER)) {
			return true;
		}
		if (executor instanceof Advised advised) {
			for (var advisor : advised.getAdvisors()) {
				if (advisor.getAdvice() instanceof ExecutorObservationInterceptor) {
					return true;
				}
			}
		}
		return false;
	}

	private static ClassLoader proxyClassLoader(Object executor) {
		ClassLoader loader = executor.getClass().getClassLoader();
		return (loader != null) ? loader : ExecutorProxies.class.getClassLoader();
	}

	private static boolean canProxyClass(Class<?> type) {
		if (Modifier.isFinal(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
			return false;
		}
		for (Method method : type.getMethods()) {
			if (Modifier.isFinal(method.getModifiers()) && isEntryPoint(method)) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasFinalMethods(Class<?> type) {
		for (Method method : type.getMethods()) {
			if (Modifier.isFinal(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& method.getDeclaringClass() != Object.class) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A final method of a class-based proxy runs on the proxy instance, not on the
	 * target, and the proxy instance is created without a constructor: its fields are
	 * empty ({@code SimpleAsyncTaskExecutor.getConcurrencyLimit()},
	 * {@code ConcurrentTaskExecutor.getConcurrentExecutor()}). Copying the target's
	 * fields into the proxy makes such getters answer as the target does; the objects the
	 * fields refer to are shared, a value set later through a final setter is not.
	 */
	private static void copyFields(Object target, Object proxy) throws IllegalAccessException {
		for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers())) {
					field.setAccessible(true);
					field.set(proxy, field.get(target));
				}
			}
		}
	}

	private static boolean isEntryPoint(Method method) {
		String name = method.getName();
		return name.equals("execute") || name.startsWith("submit") || name.startsWith("schedule");
	}

}
