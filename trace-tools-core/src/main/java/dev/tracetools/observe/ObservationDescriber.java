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

package dev.tracetools.observe;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Describes the observations of a library that trace-tools does not create, so that every
 * view names them and places them alike while they run: the contextual name the library's
 * convention gives them only when they stop, and the method they run. Implementations are
 * found with {@link java.util.ServiceLoader} (the Spring Boot auto-configuration
 * registers one for Spring's HTTP and {@code @Scheduled} observations). One instance
 * serves every application of the class loader: it holds no state of an application, and
 * it is thread-safe and fast, as every view asks it.
 *
 * @author trace-tools
 * @since 0.1.0
 * @see SpanNames
 */
public interface ObservationDescriber {

	/**
	 * The contextual name the observation will have when it stops, if it can be told
	 * while it runs ({@code http get /users/{id}} for an HTTP request whose handler is
	 * known).
	 * @param context the observation's context, whose contextual name is not set yet
	 * @return the name, or {@code null} if this describer does not know
	 */
	default @Nullable String contextualName(Observation.ContextView context) {
		return null;
	}

	/**
	 * The method the observation runs, named and located as trace-tools names and places
	 * an {@code @Async} method (a {@code @Scheduled} run, for instance).
	 * @param context the observation's context
	 * @return the method's call site, or {@code null} if this describer does not know
	 */
	default @Nullable CallSite method(Observation.ContextView context) {
		return null;
	}

}
