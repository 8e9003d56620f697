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

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.CallSites;
import dev.tracetools.observe.Instrumentation;
import dev.tracetools.observe.ObservedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of trace-tools outside Spring's proxies: wrappers that put a unit of
 * work into an observed span (the counterpart of trace-tools' {@code Observe} trait), and
 * the {@link #builder() builder} that installs the layers on an
 * {@link ObservationRegistry} (the counterpart of
 * {@code trace_tools::subscriber::build()}).
 * <p>
 * Each wrapper creates a {@code tracetools.observe} span when it is called, named as
 * given, located at the caller (file and line, resolved once per call site), with the
 * observation current on the calling thread as its parent. The span's scope is open while
 * the work runs, on whichever thread runs it; it is stopped when the work returns,
 * throws, or (for a {@link CompletionStage}) completes.
 * <p>
 * The wrappers for a {@code Runnable}, a {@code Supplier} and a {@code Callable} have
 * names of their own, so that a lambda is never ambiguous between them.
 * <p>
 * The wrappers observe with the registry that the last {@link TraceToolsBuilder#install
 * install} (or the Spring Boot auto-configuration) set; before that they observe nothing.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class TraceTools {

	private static volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	private TraceTools() {
	}

	/**
	 * Return a builder of the trace-tools layers.
	 * @return a new builder
	 */
	public static TraceToolsBuilder builder() {
		return new TraceToolsBuilder();
	}

	/**
	 * The registry the static wrappers observe with.
	 * @return the registry, {@link ObservationRegistry#NOOP} until one is installed
	 */
	public static ObservationRegistry registry() {
		return registry;
	}

	/**
	 * Set the registry the static wrappers observe with.
	 * @param observationRegistry the registry
	 */
	public static void useRegistry(ObservationRegistry observationRegistry) {
		registry = observationRegistry;
	}

	/**
	 * Wrap a task so that it runs in a span created now.
	 * @param name the span's {@code observed.name}
	 * @param task the task
	 * @return a task that runs the given one inside the span, then stops the span
	 */
	public static Runnable observe(String name, Runnable task) {
		Observation observation = start(name, task.getClass());
		return () -> {
			Throwable error = null;
			try (Observation.Scope scope = observation.openScope()) {
				task.run();
			}
			catch (Throwable ex) {
				error = ex;
				throw ex;
			}
			finally {
				ObservedSpans.stop(observation, error);
			}
		};
	}

	/**
	 * Wrap a supplier so that it runs in a span created now. If it supplies a
	 * {@link CompletionStage}, the span stays open until the stage completes.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param supplier the supplier
	 * @return a supplier that runs the given one inside the span
	 */
	public static <T> Supplier<T> observeSupplier(String name, Supplier<T> supplier) {
		Observation observation = start(name, supplier.getClass());
		return () -> {
			T result = null;
			Throwable error = null;
			try (Observation.Scope scope = observation.openScope()) {
				result = supplier.get();
				return result;
			}
			catch (Throwable ex) {
				error = ex;
				throw ex;
			}
			finally {
				end(observation, result, error);
			}
		};
	}

	/**
	 * Wrap a callable so that it runs in a span created now. If it returns a
	 * {@link CompletionStage}, the span stays open until the stage completes.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param callable the callable
	 * @return a callable that runs the given one inside the span
	 */
	public static <T> Callable<T> observeCallable(String name, Callable<T> callable) {
		Observation observation = start(name, callable.getClass());
		return () -> {
			T result = null;
			Throwable error = null;
			try (Observation.Scope scope = observation.openScope()) {
				result = callable.call();
				return result;
			}
			catch (Throwable ex) {
				error = ex;
				throw ex;
			}
			finally {
				end(observation, result, error);
			}
		};
	}

	/**
	 * Observe a future: a span created now stays open until the future completes, and
	 * records its error or cancellation.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param future the future
	 * @return the given future
	 */
	public static <T> CompletableFuture<T> observe(String name, CompletableFuture<T> future) {
		ObservedSpans.stopOnCompletion(start(name, CompletableFuture.class), future);
		return future;
	}

	/**
	 * Observe a stage: a span created now stays open until the stage completes, and
	 * records its error.
	 * @param <T> the type of the result
	 * @param name the span's {@code observed.name}
	 * @param stage the stage
	 * @return the given stage
	 */
	public static <T> CompletionStage<T> observe(String name, CompletionStage<T> stage) {
		return ObservedSpans.stopOnCompletion(start(name, CompletionStage.class), stage);
	}

	private static Observation start(String name, Class<?> workClass) {
		ObservationRegistry current = registry;
		if (current.isNoop()) {
			return Observation.NOOP;
		}
		CallSite site = (workClass == CompletableFuture.class || workClass == CompletionStage.class)
				? CallSites.caller() : CallSites.ofTask(workClass);
		return ObservedSpans.create(current, site.withName(name)).start();
	}

	private static void end(Observation observation, @Nullable Object result, @Nullable Throwable error) {
		if (error == null && result instanceof CompletionStage<?> stage) {
			ObservedSpans.stopOnCompletion(observation, stage);
		}
		else {
			ObservedSpans.stop(observation, error);
		}
	}

}
