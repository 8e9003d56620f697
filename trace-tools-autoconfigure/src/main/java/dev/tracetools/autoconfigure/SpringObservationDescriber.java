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

package dev.tracetools.autoconfigure;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.aop.MethodCallSites;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservationDescriber;
import dev.tracetools.observe.SpanNames;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Describes Spring's observations while they run, as their default conventions will name
 * them when they stop, so that every view shows one name for them ({@link SpanNames}): an
 * HTTP server request is {@code http get /orders/{id}} once its handler is known, an HTTP
 * client request of {@code RestClient} or {@code RestTemplate} {@code http get}; a
 * {@code @Scheduled} run is its method, named and located as an {@code @Async} method is.
 * Found by {@link java.util.ServiceLoader}, hence public.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpringObservationDescriber implements ObservationDescriber {

	private static final int MAX_NAMES = 1024;

	private static final ClassLoader LOADER = SpringObservationDescriber.class.getClassLoader();

	private static final boolean SERVLET_PRESENT = ClassUtils
		.isPresent("org.springframework.http.server.observation.ServerRequestObservationContext", LOADER);

	private static final boolean REACTIVE_PRESENT = ClassUtils
		.isPresent("org.springframework.http.server.reactive.observation.ServerRequestObservationContext", LOADER);

	private static final boolean CLIENT_PRESENT = ClassUtils
		.isPresent("org.springframework.http.client.observation.ClientRequestObservationContext", LOADER);

	private static final boolean SCHEDULING_PRESENT = ClassUtils
		.isPresent("org.springframework.scheduling.support.ScheduledTaskObservationContext", LOADER);

	/**
	 * Names by HTTP method and route: a task started in a request is named without
	 * building a string (routes are few: the cache stops growing at {@link #MAX_NAMES}).
	 */
	private final ConcurrentMap<String, ConcurrentMap<String, String>> names = new ConcurrentHashMap<>();

	private final AtomicInteger nameCount = new AtomicInteger();

	/**
	 * Create the describer ({@link java.util.ServiceLoader} does).
	 */
	public SpringObservationDescriber() {
	}

	@Override
	public @Nullable String contextualName(Observation.ContextView context) {
		if (isServerRequest(context)) {
			// As DefaultServerRequestObservationConvention: the route, once it is known.
			String pattern = pathPattern(context);
			return httpName(context, (pattern != null) ? pattern : "");
		}
		if (isClientRequest(context)) {
			// As DefaultClientRequestObservationConvention: the method only.
			return httpName(context, "");
		}
		return null;
	}

	@Override
	public @Nullable CallSite method(Observation.ContextView context) {
		if (SCHEDULING_PRESENT && context instanceof ScheduledTaskObservationContext scheduled) {
			return MethodCallSites.of(scheduled.getMethod());
		}
		return null;
	}

	private static boolean isServerRequest(Observation.ContextView context) {
		return (SERVLET_PRESENT && context instanceof ServerRequestObservationContext)
				|| (REACTIVE_PRESENT && Reactive.isServerRequest(context));
	}

	private static boolean isClientRequest(Observation.ContextView context) {
		return CLIENT_PRESENT && Client.isClientRequest(context);
	}

	private @Nullable String httpName(Observation.ContextView context, String pattern) {
		// Both conventions set the method key when the observation starts.
		KeyValue method = context.getLowCardinalityKeyValue("method");
		if (method == null || KeyValue.NONE_VALUE.equals(method.getValue())) {
			return null;
		}
		ConcurrentMap<String, String> byPattern = this.names.get(method.getValue());
		String name = (byPattern != null) ? byPattern.get(pattern) : null;
		if (name != null) {
			return name;
		}
		name = "http " + method.getValue().toLowerCase(Locale.ROOT) + (pattern.isEmpty() ? "" : " " + pattern);
		if (this.nameCount.get() < MAX_NAMES) {
			this.nameCount.incrementAndGet();
			this.names.computeIfAbsent(method.getValue(), (key) -> new ConcurrentHashMap<>()).put(pattern, name);
		}
		return name;
	}

	private static @Nullable String pathPattern(Observation.ContextView context) {
		if (SERVLET_PRESENT && context instanceof ServerRequestObservationContext request) {
			return request.getPathPattern();
		}
		return REACTIVE_PRESENT ? Reactive.pathPattern(context) : null;
	}

	private static final class Reactive {

		static boolean isServerRequest(Observation.ContextView context) {
			return context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
		}

		static @Nullable String pathPattern(Observation.ContextView context) {
			return (context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext request)
					? request.getPathPattern() : null;
		}

	}

	private static final class Client {

		static boolean isClientRequest(Observation.ContextView context) {
			return context instanceof org.springframework.http.client.observation.ClientRequestObservationContext;
		}

	}

}
