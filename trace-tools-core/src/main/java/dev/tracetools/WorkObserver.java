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

package dev.tracetools;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.tracetools.observe.Instrumentation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The {@link TraceTools} wrappers bound to one registry, for code that knows its registry
 * (a plain Java program, a library, a test): spans land in that registry, whatever is
 * current on the calling thread and whatever else runs in the JVM. <pre class="code">
 * WorkObserver observer = TraceTools.with(registry);
 * pool.execute(observer.observe("load", () -&gt; load()));
 * </pre>
 *
 * @author trace-tools
 * @since 0.1.0
 * @see TraceTools#with(ObservationRegistry)
 */
@Instrumentation
public final class WorkObserver {

	private final ObservationRegistry registry;

	WorkObserver(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Wrap a task so that it runs in a span created now.
	 * @param name the span's {@code observed.name}
	 * @param task the task
	 * @return a task that runs the given one inside the span, then stops the span
	 * @see TraceTools#observe(String, Runnable)
	 */
	public Runnable observe(String name, Runnable task) {
		return TraceTools.observe(this.registry, name, task);
	}

	/**
	 * Wrap a supplier so that it runs in a span created now.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param supplier the supplier
	 * @return a supplier that runs the given one inside the span
	 * @see TraceTools#observeSupplier(String, Supplier)
	 */
	public <T> Supplier<T> observeSupplier(String name, Supplier<T> supplier) {
		return TraceTools.observeSupplier(this.registry, name, supplier);
	}

	/**
	 * Wrap a callable so that it runs in a span created now.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param callable the callable
	 * @return a callable that runs the given one inside the span
	 * @see TraceTools#observeCallable(String, Callable)
	 */
	public <T> Callable<T> observeCallable(String name, Callable<T> callable) {
		return TraceTools.observeCallable(this.registry, name, callable);
	}

	/**
	 * Observe a future until it completes.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param future the future
	 * @return the given future
	 * @see TraceTools#observe(String, CompletableFuture)
	 */
	public <T> CompletableFuture<T> observe(String name, CompletableFuture<T> future) {
		return TraceTools.observe(this.registry, name, future);
	}

	/**
	 * Observe a stage until it completes.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param stage the stage
	 * @return the given stage
	 * @see TraceTools#observe(String, CompletionStage)
	 */
	public <T> CompletionStage<T> observe(String name, CompletionStage<T> stage) {
		return TraceTools.observe(this.registry, name, stage);
	}

}
