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
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Names the flamegraph frame of an HTTP server request after its route, {@code http get
 * /orders/{id}}, as Spring's convention names the observation when it stops: the
 * convention's name at start ({@code http get}) does not say which route.
 *
 * @author trace-tools
 */
final class HttpServerFrameNames implements Function<Observation.Context, @Nullable String> {

	private static final boolean SERVLET_PRESENT = ClassUtils.isPresent(
			"org.springframework.http.server.observation.ServerRequestObservationContext",
			HttpServerFrameNames.class.getClassLoader());

	private static final boolean REACTIVE_PRESENT = ClassUtils.isPresent(
			"org.springframework.http.server.reactive.observation.ServerRequestObservationContext",
			HttpServerFrameNames.class.getClassLoader());

	static boolean isAvailable() {
		return SERVLET_PRESENT || REACTIVE_PRESENT;
	}

	@Override
	public @Nullable String apply(Observation.Context context) {
		String pattern = null;
		if (SERVLET_PRESENT) {
			pattern = Servlet.pathPattern(context);
		}
		if (pattern == null && REACTIVE_PRESENT) {
			pattern = Reactive.pathPattern(context);
		}
		if (pattern == null) {
			return null;
		}
		KeyValue method = context.getLowCardinalityKeyValue("method");
		String name = (method != null) ? method.getValue().toLowerCase(Locale.ROOT) : "";
		return "http " + name + " " + pattern;
	}

	private static final class Servlet {

		static @Nullable String pathPattern(Observation.Context context) {
			return (context instanceof ServerRequestObservationContext request) ? request.getPathPattern() : null;
		}

	}

	private static final class Reactive {

		static @Nullable String pathPattern(Observation.Context context) {
			return (context instanceof org.springframework.http.server.reactive.observation.ServerRequestObservationContext request)
					? request.getPathPattern() : null;
		}

	}

}
