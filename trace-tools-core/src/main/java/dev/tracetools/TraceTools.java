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

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.CallSites;
import dev.tracetools.observe.Instrumentation;
import dev.tracetools.observe.LayerDispatcher;
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
 * The static wrappers observe with the registry of the observation current on the calling
 * thread (a request, a task, an {@code @Observe} method), when trace-tools' layers are
 * installed on it: with several applications in one JVM, each one's spans stay in its own
 * registry. With no such observation, they observe with the one registry that
 * trace-tools' layers are installed on ({@link TraceToolsLayers#installOn}, which
 * {@link TraceToolsBuilder#install} and the Spring Boot auto-configuration call) and not
 * {@link TraceToolsLayers#close() closed} yet; when there is none or more than one, they
 * observe nothing. {@link #with(ObservationRegistry)} observes with a given registry,
 * always.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class TraceTools {

	// Reads the observation current on the calling thread, which Micrometer keeps per
	// thread for every registry.
	private static final ObservationRegistry CURRENT_THREAD = ObservationRegistry.create();

	private static final Set<TraceToolsLayers> INSTALLED = new LinkedHashSet<>();

	private static volatile ObservationRegistry fallback = ObservationRegistry.NOOP;

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
	 * Return wrappers that observe with the given registry, whatever is current on the
	 * calling thread.
	 * @param registry the registry to observe with
	 * @return the wrappers
	 */
	public static WorkObserver with(ObservationRegistry registry) {
		return new WorkObserver(registry);
	}

	/**
	 * The registry the static wrappers observe with on the calling thread now: that of
	 * the current observation if trace-tools' layers are installed on it, otherwise the
	 * one registry they are installed on.
	 * @return the registry, {@link ObservationRegistry#NOOP} when there is none or more
	 * than one
	 */
	public static ObservationRegistry registry() {
		Observation current = CURRENT_THREAD.getCurrentObservation();
		if (current != null) {
			ObservationRegistry registry = LayerDispatcher.registryOf(current.getContextView());
			if (registry != null) {
				return registry;
			}
		}
		return fallback;
	}

	static synchronized void installed(TraceToolsLayers layers) {
		INSTALLED.add(layers);
		updateFallback();
	}

	static synchronized void closed(TraceToolsLayers layers) {
		INSTALLED.remove(layers);
		updateFallback();
	}

	static synchronized Set<ObservationRegistry> installedRegistries() {
		Set<ObservationRegistry> registries = Collections.newSetFromMap(new IdentityHashMap<>());
		for (TraceToolsLayers layers : INSTALLED) {
			registries.addAll(layers.registries());
		}
		return registries;
	}

	private static void updateFallback() {
		Set<ObservationRegistry> registries = installedRegistries();
		fallback = (registries.size() == 1) ? registries.iterator().next() : ObservationRegistry.NOOP;
	}

	/**
	 * Wrap a task so that it runs in a span created now.
	 * @param name the span's {@code observed.name}
	 * @param task the task
	 * @return a task that runs the given one inside the span, then stops the span
	 */
	public static Runnable observe(String name, Runnable task) {
		return observe(registry(), name, task);
	}

	static Runnable observe(ObservationRegistry registry, String name, Runnable task) {
		Observation observation = start(registry, name, task.getClass());
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
		return observeSupplier(registry(), name, supplier);
	}

	static <T> Supplier<T> observeSupplier(ObservationRegistry registry, String name, Supplier<T> supplier) {
		Observation observation = start(registry, name, supplier.getClass());
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
		return observeCallable(registry(), name, callable);
	}

	static <T> Callable<T> observeCallable(ObservationRegistry registry, String name, Callable<T> callable) {
		Observation observation = start(registry, name, callable.getClass());
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
		return observe(registry(), name, future);
	}

	static <T> CompletableFuture<T> observe(ObservationRegistry registry, String name, CompletableFuture<T> future) {
		ObservedSpans.stopOnCompletion(start(registry, name, CompletableFuture.class), future);
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
		return observe(registry(), name, stage);
	}

	static <T> CompletionStage<T> observe(ObservationRegistry registry, String name, CompletionStage<T> stage) {
		return ObservedSpans.stopOnCompletion(start(registry, name, CompletionStage.class), stage);
	}

	private static Observation start(ObservationRegistry registry, String name, Class<?> workClass) {
		if (registry.isNoop()) {
			return Observation.NOOP;
		}
		CallSite site = (workClass == CompletableFuture.class || workClass == CompletionStage.class)
				? CallSites.caller() : CallSites.ofTask(workClass);
		return ObservedSpans.create(registry, site.withName(name)).start();
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
