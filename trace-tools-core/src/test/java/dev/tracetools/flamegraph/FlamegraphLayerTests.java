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

package dev.tracetools.flamegraph;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.tracetools.executor.NextTask;
import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpans;
import dev.tracetools.observe.SpanNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link FlamegraphLayer}: the folded stacks deterministic workloads produce.
 */
class FlamegraphLayerTests {

	/**
	 * Allowed difference between a span's self time and the time the test measured inside
	 * it: the instrumentation between the scope event and the first or last statement
	 * inside the scope, which is microseconds unless the thread is preempted right there.
	 */
	private static final long TOLERANCE_MICROS = 10_000;

	/**
	 * When the test started (a test instance per test): a spun span's self time is wall
	 * time, so a thread preempted on a loaded machine counts the wait to the span, but
	 * never more than the test has run. Lower bounds are exact.
	 */
	private final long testStarted = System.nanoTime();

	private final List<ExecutorService> executors = new ArrayList<>();

	@AfterEach
	void shutDownExecutors() throws InterruptedException {
		for (ExecutorService executor : this.executors) {
			executor.shutdownNow();
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void nestedSpansGetTheirSelfTimeAndAddUpToTheRootsTotal() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		Map<String, Long> measured = new LinkedHashMap<>();
		timed(registry, measured, "Orders.place", () -> {
			spin(20);
			timed(registry, measured, "Orders.price", () -> spin(30));
			timed(registry, measured, "Orders.store", () -> {
				spin(10);
				timed(registry, measured, "Db.insert", () -> spin(15));
			});
			spin(10);
		});
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertThat(folded).containsOnlyKeys("Orders.place", "Orders.place;Orders.price", "Orders.place;Orders.store",
				"Orders.place;Orders.store;Db.insert");
		// Self time = the span's time minus its children's, as measured inside each.
		long place = measured.get("Orders.place") - measured.get("Orders.price") - measured.get("Orders.store");
		long store = measured.get("Orders.store") - measured.get("Db.insert");
		assertThat(folded.get("Orders.place")).isCloseTo(place, within(TOLERANCE_MICROS));
		assertThat(folded.get("Orders.place;Orders.price")).isCloseTo(measured.get("Orders.price"),
				within(TOLERANCE_MICROS));
		assertThat(folded.get("Orders.place;Orders.store")).isCloseTo(store, within(TOLERANCE_MICROS));
		assertThat(folded.get("Orders.place;Orders.store;Db.insert")).isCloseTo(measured.get("Db.insert"),
				within(TOLERANCE_MICROS));
		assertSpun(folded.get("Orders.place"), 30);
		assertSpun(folded.get("Orders.place;Orders.price"), 30);
		assertSpun(folded.get("Orders.place;Orders.store"), 10);
		assertSpun(folded.get("Orders.place;Orders.store;Db.insert"), 15);
		// The self times add up to the root's total (each line is rounded down to whole
		// microseconds).
		long sum = folded.values().stream().mapToLong(Long::longValue).sum();
		assertThat(sum).isCloseTo(measured.get("Orders.place"), within(TOLERANCE_MICROS));
		assertThat(layer.flamegraph(FlamegraphMode.BUSY).totalMicros()).isEqualTo(sum);
	}

	@Test
	void spanNamedWhenItStopsHasOneFrameUnderItsFinalName() {
		long[] now = { 0 };
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults(), () -> now[0]);
		ObservationRegistry registry = registry(layer);
		for (int i = 0; i < 2; i++) {
			// As a WebFlux request: counted in several scopes, first before its route is
			// known, and given its final name by its convention when it stops.
			Observation request = Observation.createNotStarted("http.server.requests", registry)
				.contextualName("http get")
				.start();
			try (Observation.Scope scope = request.openScope()) {
				now[0] += 3_000_000;
			}
			try (Observation.Scope scope = request.openScope()) {
				now[0] += 1_000_000;
				inSpan(registry, "Orders.load", () -> now[0] += 4_000_000);
				now[0] += 1_000_000;
			}
			// Shown under its name of the moment while it runs.
			assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsKeys("http get", "http get;Orders.load");
			request.getContext().setContextualName("http get /orders/{id}");
			request.stop();
			assertThat(SpanNames.nameOf(request.getContext())).isEqualTo("http get /orders/{id}");
		}
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsExactly(
				entry("http get /orders/{id}", 10_000L), entry("http get /orders/{id};Orders.load", 8_000L));
		assertThat(layer.flamegraph(FlamegraphMode.BUSY).stacks()).isEqualTo(2);
	}

	@Test
	void callSitesTakingTurnsUnderOneParentKeepTheirOwnStacks() {
		// One microsecond per clock reading: a span with nothing nested counts 1 µs, and
		// its parent 1 µs before each child and after the last one.
		long[] now = { 0 };
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults(), () -> now[0] += 1000);
		ObservationRegistry registry = registry(layer);
		int turns = 4;
		inSpan(registry, "Outer", () -> {
			for (int i = 0; i < turns; i++) {
				inSpan(registry, "A", () -> {
				});
				inSpan(registry, "B", () -> {
				});
				// Counted under a provisional stack of its own, moved to its final name
				// when it stops.
				Observation request = Observation.createNotStarted("http.server.requests", registry)
					.contextualName("http get")
					.start();
				try (Observation.Scope scope = request.openScope()) {
					request.getContext().setContextualName("http get /orders");
				}
				request.stop();
				inSpan(registry, "A", () -> {
				});
			}
		});
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		assertThat(folded(graph)).containsOnly(entry("Outer", 4L * turns + 1), entry("Outer;A", 2L * turns),
				entry("Outer;B", (long) turns), entry("Outer;http get /orders", (long) turns));
		assertThat(graph.stacks()).isEqualTo(4);
	}

	@Test
	void threadsInterningCallSitesUnderOneSharedParentCountEverySpanOnce() throws Exception {
		ThreadLocal<long[]> ticks = ThreadLocal.withInitial(() -> new long[1]);
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults(), () -> ticks.get()[0] += 1000);
		ObservationRegistry registry = registry(layer);
		Observation outer = ObservedSpans.create(registry, site("Outer")).start();
		int threads = 8;
		int spans = 2_000;
		ExecutorService pool = executor(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				await(start);
				for (int i = 0; i < spans; i++) {
					// Each thread takes the call sites in turns, starting at its own.
					Observation child = ObservedSpans.create(registry, site("Child" + ((thread + i) % 3)))
						.parentObservation(outer)
						.start();
					child.openScope().close();
					child.stop();
				}
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(30, TimeUnit.SECONDS);
		}
		outer.stop();
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		Map<String, Long> folded = folded(graph);
		assertThat(folded).containsOnlyKeys("Outer;Child0", "Outer;Child1", "Outer;Child2");
		assertThat(folded.values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) threads * spans);
		// The parent's stack (interned without a scope of its own) and its
		// three children.
		assertThat(graph.stacks()).isEqualTo(4);
	}

	@Test
	void timeOutsideEverySpanIsNotCounted() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "First", () -> spin(5));
		spin(30);
		inSpan(registry, "Second", () -> spin(5));
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertSpun(folded.get("First"), 5);
		assertSpun(folded.get("Second"), 5);
	}

	@Test
	void taskOnAnotherThreadSitsUnderTheSpanThatSubmittedIt() throws Exception {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		ExecutorService pool = executor(1);
		TaskObservations tasks = new TaskObservations(registry, "pool", false);
		Observation request = Observation.createNotStarted("http.server.requests", registry)
			.contextualName("http get /orders")
			.start();
		Future<?> submitted;
		try (Observation.Scope scope = request.openScope()) {
			spin(5);
			NextTask.describeNext(new NextTask(site("Mailer.send"), TaskKind.EXECUTOR));
			submitted = pool.submit(tasks.observe(() -> inSpan(registry, "Smtp.write", () -> spin(10))));
		}
		submitted.get(5, TimeUnit.SECONDS);
		request.stop();
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertSpun(folded.get("http get /orders"), 5);
		assertSpun(folded.get("http get /orders;Mailer.send;Smtp.write"), 10);
	}

	@Test
	void threadFramesPutEachStackUnderTheThreadItRanOn() throws Exception {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withThreadFrames(true));
		ObservationRegistry registry = registry(layer);
		ExecutorService pool = Executors.newSingleThreadExecutor((runnable) -> new Thread(runnable, "worker-1"));
		this.executors.add(pool);
		TaskObservations tasks = new TaskObservations(registry, "pool", false);
		Thread.currentThread().setName("main-test");
		inSpan(registry, "Job.run", () -> {
			spin(3);
			NextTask.describeNext(new NextTask(site("Job.part"), TaskKind.EXECUTOR));
			try {
				pool.submit(tasks.observe(() -> spin(3))).get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertThat(folded).containsKeys("[main-test];Job.run", "[worker-1];Job.run;Job.part");
		assertSpun(folded.get("[worker-1];Job.run;Job.part"), 3);
	}

	@Test
	void spanNamedWhenItStopsMovesTheStacksOfEveryThreadItRanOn() throws Exception {
		// One microsecond per clock reading, per thread.
		ThreadLocal<long[]> ticks = ThreadLocal.withInitial(() -> new long[1]);
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withThreadFrames(true),
				() -> ticks.get()[0] += 1000);
		ObservationRegistry registry = registry(layer);
		ExecutorService pool = Executors.newSingleThreadExecutor((runnable) -> new Thread(runnable, "worker-2"));
		this.executors.add(pool);
		Thread.currentThread().setName("main-test");
		// As a WebFlux request whose scope opens on two threads before its route is
		// known.
		Observation request = Observation.createNotStarted("http.server.requests", registry)
			.contextualName("http get")
			.start();
		Runnable scope = () -> {
			try (Observation.Scope opened = request.openScope()) {
				inSpan(registry, "Orders.load", () -> {
				});
			}
		};
		scope.run();
		pool.submit(scope).get(5, TimeUnit.SECONDS);
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsOnly(entry("[main-test];http get", 2L),
				entry("[main-test];http get;Orders.load", 1L), entry("[worker-2];http get", 2L),
				entry("[worker-2];http get;Orders.load", 1L));
		request.getContext().setContextualName("http get /orders");
		request.stop();
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		assertThat(folded(graph)).containsOnly(entry("[main-test];http get /orders", 2L),
				entry("[main-test];http get /orders;Orders.load", 1L), entry("[worker-2];http get /orders", 2L),
				entry("[worker-2];http get /orders;Orders.load", 1L));
		// Two thread frames, each with the final name and its child: no provisional
		// stack is left.
		assertThat(graph.stacks()).isEqualTo(6);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void unnamedVirtualThreadsShareOneThreadFrame() throws Exception {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withThreadFrames(true));
		ObservationRegistry registry = registry(layer);
		ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		this.executors.add(virtual);
		TaskObservations tasks = new TaskObservations(registry, "virtual", false);
		List<Future<?>> submitted = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			NextTask.describeNext(new NextTask(site("Fetch.page"), TaskKind.EXECUTOR));
			submitted.add(virtual.submit(tasks.observe(() -> spin(2))));
		}
		for (Future<?> future : submitted) {
			future.get(5, TimeUnit.SECONDS);
		}
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertThat(folded).containsOnlyKeys("[virtual];Fetch.page");
		assertSpun(folded.get("[virtual];Fetch.page"), 6);
	}

	@Test
	void fileAndLineOptionShowsTheCallSiteAsAJavaStackFrameDoes() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withFileAndLine(true));
		ObservationRegistry registry = registry(layer);
		Observation span = ObservedSpans.create(registry, new CallSite("Orders.place", null, null, "Orders.java", 42))
			.start();
		try (Observation.Scope scope = span.openScope()) {
			spin(2);
		}
		span.stop();
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsOnlyKeys("Orders.place(Orders.java:42)");
	}

	@Test
	void springScheduledObservationIsNamedAfterItsMethodBeforeItHasAContextualName() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		Observation job = Observation.createNotStarted("tasks.scheduled.execution", registry)
			.lowCardinalityKeyValue("code.namespace", "com.acme.ReportJob$$SpringCGLIB$$0")
			.lowCardinalityKeyValue("code.function", "report")
			.start();
		try (Observation.Scope scope = job.openScope()) {
			inSpan(registry, "Report.render", () -> spin(2));
		}
		job.stop();
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsKey("ReportJob.report;Report.render");
	}

	@Test
	void framesNeverContainSeparatorsOrControlCharacters() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "a;b\nc\r\td\u0000e\u2028f", () -> spin(2));
		assertThat(layer.flamegraph(FlamegraphMode.BUSY).foldedLines()).singleElement()
			.asString()
			.startsWith("a,b c  d e f ");
	}

	@Test
	void excludedObservationsAreTransparent() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withExclude(List.of("noise")));
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Outer", () -> {
			Observation noise = Observation.start("noise.filter", registry);
			try (Observation.Scope scope = noise.openScope()) {
				spin(5);
				inSpan(registry, "Inner", () -> spin(5));
			}
			noise.stop();
		});
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertThat(folded).containsOnlyKeys("Outer", "Outer;Inner");
		assertSpun(folded.get("Outer"), 5);
	}

	@Test
	void includeKeepsOnlyObservationsWithTheGivenPrefixes() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withInclude(List.of("tracetools.")));
		ObservationRegistry registry = registry(layer);
		Observation other = Observation.start("http.server.requests", registry);
		try (Observation.Scope scope = other.openScope()) {
			inSpan(registry, "Orders.place", () -> spin(2));
		}
		other.stop();
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsOnlyKeys("Orders.place");
	}

	@Test
	void scheduledModeShowsTheQueueWaitOfASaturatedExecutor() throws Exception {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		ExecutorService single = executor(1);
		TaskObservations tasks = new TaskObservations(registry, "single", false);
		CountDownLatch release = new CountDownLatch(1);
		long started = System.nanoTime();
		AtomicLong gateRan = new AtomicLong();
		NextTask.describeNext(new NextTask(site("Gate.hold"), TaskKind.EXECUTOR));
		single.execute(tasks.observe(() -> {
			gateRan.set(System.nanoTime());
			await(release);
		}));
		List<Future<?>> queued = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			NextTask.describeNext(new NextTask(site("Report.render"), TaskKind.EXECUTOR));
			queued.add(single.submit(tasks.observe(() -> spin(10))));
		}
		// The time measured: the gate holds the only worker for 50 ms.
		spin(50);
		release.countDown();
		for (Future<?> future : queued) {
			future.get(5, TimeUnit.SECONDS);
		}
		long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
		Map<String, Long> scheduled = folded(layer.flamegraph(FlamegraphMode.SCHEDULED));
		Map<String, Long> busy = folded(layer.flamegraph(FlamegraphMode.BUSY));
		// The four queued tasks waited for the gate (50 ms each) and then for each other
		// (0, 10, 20 and 30 ms): at least 260 ms in all.
		assertThat(scheduled.get("Report.render")).isBetween(260_000L, 4 * elapsedMicros);
		// The gate waited only until the worker ran it: its 50 ms hold is not queue wait.
		assertThat(scheduled.getOrDefault("Gate.hold", 0L))
			.isLessThanOrEqualTo(TimeUnit.NANOSECONDS.toMicros(gateRan.get() - started));
		assertSpun(busy.get("Report.render"), 40);
	}

	@Test
	void stacksBeyondTheBoundAreFoldedIntoOtherUnderTheirDeepestKnownAncestor() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withMaxStacks(3));
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Batch.run", () -> {
			for (int i = 0; i < 10; i++) {
				inSpan(registry, "Step" + i, () -> {
					spin(1);
					inSpan(registry, "Deeper", () -> spin(1));
				});
			}
		});
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		Map<String, Long> folded = folded(graph);
		assertThat(folded).containsOnlyKeys("Batch.run", "Batch.run;Step0", "Batch.run;Step0;Deeper",
				"Batch.run;[other]");
		assertSpun(folded.get("Batch.run;[other]"), 18);
		assertThat(graph.stacks()).isEqualTo(3);
		// Nine folded steps, each with a deeper span: open, open, close, close.
		assertThat(graph.foldedSamples()).isEqualTo(9 * 3);
		assertThat(graph.description()).contains("27 samples folded into [other]");
	}

	@Test
	void spansNestedDeeperThanTheDeepestStackAreFoldedIntoOther() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		nest(registry, FlamegraphLayer.MAX_DEPTH + 50);
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		String deepest = graph.foldedLines()
			.stream()
			.map((line) -> line.substring(0, line.lastIndexOf(' ')))
			.max(java.util.Comparator.comparingInt(String::length))
			.orElseThrow();
		String[] frames = deepest.split(";");
		assertThat(frames).hasSize(FlamegraphLayer.MAX_DEPTH + 1);
		assertThat(frames[FlamegraphLayer.MAX_DEPTH - 1]).isEqualTo("Level" + (FlamegraphLayer.MAX_DEPTH - 1));
		assertThat(frames[FlamegraphLayer.MAX_DEPTH]).isEqualTo("[other]");
		assertThat(graph.foldedSamples()).isPositive();
	}

	private static void nest(ObservationRegistry registry, int levels) {
		if (levels > 0) {
			inSpan(registry, "Level" + (FlamegraphLayer.MAX_DEPTH + 50 - levels), () -> {
				spin(0);
				nest(registry, levels - 1);
				long end = System.nanoTime() + 2_000;
				while (System.nanoTime() < end) {
					Thread.onSpinWait();
				}
			});
		}
	}

	@Test
	void noSampleIsLostUnderEightConcurrentSubmittingThreads() throws Exception {
		// Each thread's clock advances 1 µs per reading, so that the expected counts are
		// exact: a span holding one nested span over one poll reads the clock 4 times
		// (3 µs), a span with nothing nested twice (1 µs).
		ThreadLocal<long[]> ticks = ThreadLocal.withInitial(() -> new long[1]);
		LongSupplier clock = () -> ticks.get()[0] += 1000;
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults(), clock);
		ObservationRegistry registry = registry(layer);
		ExecutorService workers = executor(4);
		TaskObservations tasks = new TaskObservations(registry, "workers", false);
		int submitters = 8;
		int rounds = 300;
		int tasksPerRound = 4;
		ExecutorService submitting = executor(submitters);
		List<Future<List<Future<?>>>> done = new ArrayList<>();
		for (int s = 0; s < submitters; s++) {
			int submitter = s;
			done.add(submitting.submit(() -> {
				List<Future<?>> submitted = new ArrayList<>();
				for (int round = 0; round < rounds; round++) {
					String name = "Submit" + ((submitter * rounds + round) % 40);
					inSpan(registry, name, () -> {
						for (int t = 0; t < tasksPerRound; t++) {
							NextTask.describeNext(new NextTask(site("Work" + t), TaskKind.EXECUTOR));
							submitted.add(workers.submit(tasks.observe(() -> inSpan(registry, "Inner", () -> {
							}))));
						}
					});
				}
				return submitted;
			}));
		}
		for (Future<List<Future<?>>> submitter : done) {
			for (Future<?> task : submitter.get(30, TimeUnit.SECONDS)) {
				task.get(30, TimeUnit.SECONDS);
			}
		}
		Flamegraph graph = layer.flamegraph(FlamegraphMode.BUSY);
		long spans = (long) submitters * rounds;
		long taskCount = spans * tasksPerRound;
		long expected = spans * 1 + taskCount * 3;
		long sum = folded(graph).values().stream().mapToLong(Long::longValue).sum();
		assertThat(sum).isEqualTo(expected);
		assertThat(graph.totalMicros()).isEqualTo(expected);
		assertThat(folded(graph).get("Submit0;Work0;Inner")).isEqualTo(spans / 40);
		assertThat(graph.foldedSamples()).isZero();
	}

	@Test
	void scopeEventsAllocateNothingOnceTheStackIsKnown() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		Observation outer = ObservedSpans.create(registry, site("Outer")).start();
		Observation inner = ObservedSpans.create(registry, site("Inner")).parentObservation(outer).start();
		Observation.Context outerContext = outer.getContext();
		Observation.Context innerContext = inner.getContext();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		int events = 200_000;
		for (int round = 0; round < 2; round++) {
			long before = threads.getCurrentThreadAllocatedBytes();
			for (int i = 0; i < events / 4; i++) {
				layer.onScopeOpened(outerContext);
				layer.onScopeOpened(innerContext);
				layer.onScopeClosed(innerContext);
				layer.onScopeClosed(outerContext);
			}
			long allocated = threads.getCurrentThreadAllocatedBytes() - before;
			if (round == 1) {
				// The first round interns the stacks and creates the thread's state.
				assertThat(allocated).isLessThan(events / 100);
			}
		}
		inner.stop();
		outer.stop();
		assertThat(folded(layer.flamegraph(FlamegraphMode.BUSY))).containsOnlyKeys("Outer", "Outer;Inner");
	}

	@Test
	void clearForgetsTheAggregateAndOpenSpansCountOn() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Before", () -> spin(2));
		inSpan(registry, "Open", () -> {
			spin(2);
			layer.clear();
			spin(3);
		});
		Map<String, Long> folded = folded(layer.flamegraph(FlamegraphMode.BUSY));
		assertThat(folded).containsOnlyKeys("Open");
		assertSpun(folded.get("Open"), 3);
	}

	@Test
	void htmlIsAsyncProfilersPageInMicrosecondsWithEscapedNames() {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults().withTitle("Orders <prod>"));
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Orders.place", () -> inSpan(registry, "</script><script>alert(1)</script>", () -> spin(2)));
		String html = layer.flamegraph(FlamegraphMode.BUSY).toHtml();
		assertThat(html).contains("<h1>Orders &lt;prod&gt; \u2014 self busy time in \u00b5s")
			.contains("Orders.place'")
			.contains("\\x3c/script>\\x3cscript>alert(1)\\x3c/script>")
			.doesNotContain("alert(1)</script>")
			.contains(" \u00b5s'")
			.doesNotContain("' samples'")
			.contains("Other observation");
	}

	@Test
	void emptyFlamegraphRendersInEveryFormat() throws Exception {
		Flamegraph graph = new FlamegraphLayer(FlamegraphOptions.defaults()).flamegraph(FlamegraphMode.SCHEDULED);
		assertThat(graph.toFolded()).isEmpty();
		assertThat(graph.totalMicros()).isZero();
		assertThat(graph.root().name()).isEqualTo("all");
		assertThat(graph.toHtml()).contains("<h1>trace-tools flamegraph \u2014 time tasks waited to be polled");
		DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new InputSource(new StringReader(graph.toSvg())));
	}

	@Test
	void svgIsWellFormedWithEscapedNamesAndTooltips() throws Exception {
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults());
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Orders.place", () -> inSpan(registry, "<script>alert(1)</script> & co", () -> spin(2)));
		String svg = layer.flamegraph(FlamegraphMode.BUSY).toSvg();
		Document document = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new InputSource(new StringReader(svg)));
		assertThat(document.getElementsByTagName("script").getLength()).isZero();
		assertThat(svg).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co (")
			.contains("<title>Orders.place (")
			.contains("\u00b5s, 100.00%)");
	}

	@Test
	void flamegrapherWritesTheConfiguredFiles(@TempDir Path directory) throws Exception {
		Path folded = directory.resolve("out/trace.folded");
		Path html = directory.resolve("out/flamegraph.html");
		FlamegraphLayer layer = new FlamegraphLayer(
				FlamegraphOptions.defaults().withFoldedFile(folded).withHtmlFile(html));
		ObservationRegistry registry = registry(layer);
		inSpan(registry, "Job.run", () -> spin(2));
		assertThat(layer.flamegrapher().writeFlamegraph()).containsExactly(folded, html);
		assertThat(Files.readAllLines(folded)).singleElement().asString().matches("Job\\.run \\d+");
		assertThat(Files.readString(html)).contains("Job.run'");
		try (var files = Files.list(folded.getParent())) {
			assertThat(files).hasSize(2);
		}
	}

	private void assertSpun(Long micros, long spunMillis) {
		assertThat(micros).isNotNull();
		long testMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - this.testStarted);
		assertThat(micros).isBetween(spunMillis * 1000, testMicros);
	}

	private static Map<String, Long> folded(Flamegraph graph) {
		Map<String, Long> stacks = new LinkedHashMap<>();
		for (String line : graph.foldedLines()) {
			int space = line.lastIndexOf(' ');
			stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
		}
		return stacks;
	}

	private static ObservationRegistry registry(FlamegraphLayer layer) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(layer);
		return registry;
	}

	private ExecutorService executor(int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		this.executors.add(executor);
		return executor;
	}

	private static CallSite site(String name) {
		return new CallSite(name, null, null, "FlamegraphLayerTests.java", 1);
	}

	private static void timed(ObservationRegistry registry, Map<String, Long> measured, String name, Runnable work) {
		inSpan(registry, name, () -> {
			long start = System.nanoTime();
			work.run();
			measured.put(name, (System.nanoTime() - start) / 1000);
		});
	}

	private static void inSpan(ObservationRegistry registry, String name, Runnable work) {
		Observation span = ObservedSpans.create(registry, site(name)).start();
		try (Observation.Scope scope = span.openScope()) {
			work.run();
		}
		finally {
			span.stop();
		}
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
