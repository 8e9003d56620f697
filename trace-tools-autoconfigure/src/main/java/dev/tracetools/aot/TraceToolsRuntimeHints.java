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

package dev.tracetools.aot;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.tracetools.actuate.FlamegraphEndpoint;
import dev.tracetools.actuate.ParameterError;
import dev.tracetools.actuate.TasksEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the starter, registered in {@code META-INF/spring/aot.factories}:
 * the pages the endpoints serve, the response bodies they return as {@code Object} (which
 * the actuator's own hints, taken from the declared return type, do not reach), and the
 * interface proxies of executors whose class cannot be subclassed. Class-based proxies
 * are generated at run time and so are not covered: see the README's compatibility
 * section for what a native image does not support.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TraceToolsRuntimeHints implements RuntimeHintsRegistrar {

	/** The resources read at run time, as class path locations. */
	static final String[] RESOURCES = { "dev/tracetools/actuate/tasks-console.html",
			"dev/tracetools/timeline/timeline.html", "flame.html" };

	/** The endpoints' response bodies, serialized to JSON by reflection. */
	static final Class<?>[] RESPONSE_BODIES = { FlamegraphEndpoint.FlamegraphDescriptor.class,
			FlamegraphEndpoint.FrameDescriptor.class, TasksEndpoint.TasksDescriptor.class,
			TasksEndpoint.TaskDescriptor.class, ParameterError.class };

	/**
	 * The interface sets of the executor proxies for the JDK's final executor classes
	 * ({@code Executors.newSingleThreadExecutor()} and the like), in the order the proxy
	 * factory lists them.
	 */
	static final Class<?>[][] PROXIED_INTERFACES = { { Executor.class }, { ExecutorService.class },
			{ ScheduledExecutorService.class, ExecutorService.class }, { ScheduledExecutorService.class } };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String resource : RESOURCES) {
			hints.resources().registerPattern(resource);
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), RESPONSE_BODIES);
		for (Class<?>[] interfaces : PROXIED_INTERFACES) {
			hints.proxies().registerJdkProxy(AopProxyUtils.completeJdkProxyInterfaces(interfaces));
		}
	}

}
