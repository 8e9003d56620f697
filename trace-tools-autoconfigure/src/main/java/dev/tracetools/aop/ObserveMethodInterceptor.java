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
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.Instrumentation;
import dev.tracetools.observe.Observe;
import dev.tracetools.observe.ObservedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Puts each call of an {@link Observe @Observe} method into a {@code tracetools.observe}
 * span named after the method (or the annotation's name), located at the method. A method
 * returning a {@link CompletionStage} keeps its span open until the stage completes; its
 * scope closes when the method returns.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class ObserveMethodInterceptor implements MethodInterceptor {

	private final Supplier<ObservationRegistry> registry;

	/**
	 * Create an interceptor that observes with the given registry.
	 * @param registry supplies the registry, resolved on first use
	 */
	public ObserveMethodInterceptor(Supplier<ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ObservationRegistry current = this.registry.get();
		if (current.isNoop()) {
			return invocation.proceed();
		}
		Observation observation = ObservedSpans.create(current, callSite(invocation)).start();
		Object result = null;
		Throwable error = null;
		try (Observation.Scope scope = observation.openScope()) {
			result = invocation.proceed();
			return result;
		}
		catch (Throwable ex) {
			error = ex;
			throw ex;
		}
		finally {
			if (error == null && result instanceof CompletionStage<?> stage) {
				ObservedSpans.stopOnCompletion(observation, stage);
			}
			else {
				ObservedSpans.stop(observation, error);
			}
		}
	}

	private static CallSite callSite(MethodInvocation invocation) {
		Object target = invocation.getThis();
		Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
				: invocation.getMethod();
		CallSite site = MethodCallSites.of(method);
		Observe observe = AnnotatedElementUtils.findMergedAnnotation(method, Observe.class);
		if (observe == null) {
			observe = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Observe.class);
		}
		return (observe != null && !observe.value().isEmpty()) ? site.withName(observe.value()) : site;
	}

}
