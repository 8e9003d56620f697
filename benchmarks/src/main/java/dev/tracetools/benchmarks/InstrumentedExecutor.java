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

package dev.tracetools.benchmarks;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskMeterObservationHandler;
import dev.tracetools.executor.TaskObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * One variant on one kind of executor, set up as an application would set it up: the
 * registries, the pool and the instrumented {@link Executor} the benchmark submits to.
 * Worker threads are named {@code bench-*} so that {@link ThreadCpuProfiler} counts them.
 *
 * @author trace-tools
 */
final class InstrumentedExecutor implements AutoCloseable {

	/** The pool size of both pools: one worker per core of the team's machines. */
	static final int WORKERS = 2;

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final @Nullable SdkTracerProvider tracerProvider;

	private final @Nullable ExecutorService pool;

	private final @Nullable ThreadPoolTaskExecutor taskExecutor;

	private final Executor executor;

	InstrumentedExecutor(Variant variant, ExecutorKind kind) {
		if (variant.meterHandler()) {
			// What Spring Boot registers when a MeterRegistry is present: its default
			// handler, which the trace-tools starter replaces with the subclass that
			// records task meters per call site (the same meters).
			this.registry.observationConfig()
				.observationHandler((variant.kind() == Variant.Kind.TRACE_TOOLS)
						? new TaskMeterObservationHandler(this.meterRegistry)
						: new DefaultMeterObservationHandler(this.meterRegistry));
		}
		this.tracerProvider = variant.tracing() ? addTracing(this.registry) : null;
		Layer.install(this.registry, variant.layers());
		// Context propagation (Spring's decorator, trace-tools' snapshots) reads the
		// current observation from this registry.
		ObservationThreadLocalAccessor.getInstance().setObservationRegistry(this.registry);
		this.pool = (kind == ExecutorKind.THREAD_POOL_EXECUTOR) ? newThreadPoolExecutor() : null;
		this.taskExecutor = (kind == ExecutorKind.THREAD_POOL_TASK_EXECUTOR)
				? newThreadPoolTaskExecutor(variant.kind() == Variant.Kind.CONTEXT_PROPAGATION) : null;
		this.executor = instrument(variant, kind);
	}

	private static SdkTracerProvider addTracing(ObservationRegistry registry) {
		// Micrometer Tracing over the OpenTelemetry SDK, sampling everything, no
		// exporter.
		SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(provider.get("benchmarks"), current, (event) -> {
		}, new OtelBaggageManager(current, java.util.List.of(), java.util.List.of()));
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return provider;
	}

	/**
	 * Worker threads that {@link ThreadCpuProfiler} counts, also after the pool stopped
	 * them.
	 */
	private static ThreadFactory workerThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(ThreadCpuProfiler.counted(task), prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static ThreadPoolExecutor newThreadPoolExecutor() {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(), workerThreads("bench-tpe-"));
		executor.prestartAllCoreThreads();
		return executor;
	}

	private static ThreadPoolTaskExecutor newThreadPoolTaskExecutor(boolean contextPropagation) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(WORKERS);
		executor.setMaxPoolSize(WORKERS);
		executor.setThreadFactory(workerThreads("bench-tpte-"));
		if (contextPropagation) {
			// Spring Boot's route: a TaskDecorator bean is set on the executor.
			executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
		}
		executor.initialize();
		executor.getThreadPoolExecutor().prestartAllCoreThreads();
		return executor;
	}

	private Executor target(ExecutorKind kind) {
		return switch (kind) {
			case INLINE -> Runnable::run;
			case THREAD_POOL_EXECUTOR -> required(this.pool);
			case THREAD_POOL_TASK_EXECUTOR -> required(this.taskExecutor);
		};
	}

	private Executor instrument(Variant variant, ExecutorKind kind) {
		Executor target = target(kind);
		return switch (variant.kind()) {
			case BARE -> target;
			case CONTEXT_PROPAGATION -> contextPropagation(kind, target);
			case OBSERVATION -> observation(target);
			case EXECUTOR_METRICS -> executorMetrics(kind, target);
			case TRACE_TOOLS -> traceTools(kind, target);
		};
	}

	private Executor contextPropagation(ExecutorKind kind, Executor target) {
		if (kind == ExecutorKind.THREAD_POOL_TASK_EXECUTOR) {
			// The decorator is set on the executor itself.
			return target;
		}
		ContextPropagatingTaskDecorator decorator = new ContextPropagatingTaskDecorator();
		return (task) -> target.execute(decorator.decorate(task));
	}

	private Executor observation(Executor target) {
		ObservationRegistry observations = this.registry;
		// What Observation#wrap gives, with the two low-cardinality keys Spring's own
		// task observation (tasks.scheduled.execution) has.
		return (task) -> target.execute(Observation.createNotStarted("bench.task", observations)
			.lowCardinalityKeyValue("code.namespace", "dev.tracetools.benchmarks.TaskCostBenchmark")
			.lowCardinalityKeyValue("code.function", "task")
			.wrap(task));
	}

	private Executor executorMetrics(ExecutorKind kind, Executor target) {
		if (target instanceof ExecutorService service) {
			return ExecutorServiceMetrics.monitor(this.meterRegistry, service, "bench");
		}
		// A ThreadPoolTaskExecutor is no ExecutorService; inline, a caller-runs executor.
		return ExecutorServiceMetrics.monitor(this.meterRegistry, target, "bench");
	}

	private Executor traceTools(ExecutorKind kind, Executor target) {
		// As the auto-configuration does: propagate-context defaults to true.
		TaskObservations observations = new TaskObservations(this.registry, "bench", true);
		if (kind == ExecutorKind.INLINE) {
			return (task) -> observations.observe(task).run();
		}
		return ExecutorProxies.instrument(target, observations);
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("Not created for this kind of executor");
		}
		return value;
	}

	/**
	 * The executor to submit tasks to; inline, it wraps each task and runs it on the
	 * calling thread.
	 * @return the executor
	 */
	Executor executor() {
		return this.executor;
	}

	ObservationRegistry registry() {
		return this.registry;
	}

	MeterRegistry meterRegistry() {
		return this.meterRegistry;
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.shutdownNow();
		}
		if (this.taskExecutor != null) {
			this.taskExecutor.shutdown();
		}
		if (this.tracerProvider != null) {
			this.tracerProvider.close();
		}
		this.meterRegistry.close();
	}

}
