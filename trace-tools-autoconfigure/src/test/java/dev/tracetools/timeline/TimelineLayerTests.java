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

package dev.tracetools.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TimelineLayer}: the recorded model, its bounds and its renderers.
 */
class TimelineLayerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<ExecutorService> executors = new ArrayList<>();

	private TimelineLayer install(TimelineOptions options) {
		TimelineLayer layer = new TimelineLayer(options);
		this.registry.observationConfig().observationHandler(layer);
		return layer;
	}

	@AfterEach
	void shutdown() {
		this.executors.forEach(ExecutorService::shutdownNow);
	}

	private ThreadPoolExecutor worker(String threadName) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(runnable) -> new Thread(runnable, threadName));
		this.executors.add(pool);
		return ExecutorProxies.instrument(pool, new TaskObservations(this.registry, "pool", true));
	}

	@Test
	void taskBlockedOnAFutureHasOneBusySectionThatEndsBlockedWithItsLogEventInside() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults());
		ThreadPoolExecutor executor = worker("timeline-worker");
		CompletableFuture<String> pending = new CompletableFuture<>();
		AtomicLong taskId = new AtomicLong();
		CountDownLatch blocked = new CountDownLatch(1);
		Observation request = Observation.createNotStarted("request", this.registry).contextualName("GET /users");
		request.start();
		try (Observation.Scope scope = request.openScope()) {
			executor.execute(() -> {
				Observation task = this.registry.getCurrentObservation();
				task.event(Observation.Event.of("log", "looking up user 42"));
				TaskContext context = (TaskContext) task.getContext();
				taskId.set(context.getId());
				// What Spring's @Async interceptor does with the future a method
				// returned.
				context.blockedOnFuture();
				blocked.countDown();
				pending.join();
			});
		}
		request.stop();
		assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
		await().untilAsserted(() -> assertThat(taskSpan(layer).polls()).singleElement()
			.satisfies((poll) -> assertThat(poll.blockedNanos()).isGreaterThanOrEqualTo(20_000_000L)));
		assertThat(taskSpan(layer).times().state()).isEqualTo("blocked");
		pending.complete("done");
		await().untilAsserted(() -> assertThat(taskSpan(layer).stoppedNanos()).isNotNull());

		Timeline timeline = layer.timeline();
		Timeline.Span requestSpan = timeline.spans().get(0);
		Timeline.Span task = taskSpan(layer);
		assertThat(requestSpan.name()).isEqualTo("GET /users");
		assertThat(requestSpan.kind()).isEqualTo("span");
		assertThat(task.parentId()).isEqualTo(requestSpan.id());
		assertThat(task.taskId()).isEqualTo(taskId.get());
		assertThat(task.kind()).isEqualTo("executor");
		assertThat(task.observation()).isEqualTo(SpanKeys.TASK_OBSERVATION);
		assertThat(task.executor()).isEqualTo("pool");
		assertThat(task.location()).startsWith("TimelineLayerTests.java:");
		assertThat(task.outcome()).isEqualTo("SUCCESS");
		assertThat(task.createdThread()).isEqualTo(Thread.currentThread().getName());
		// One poll, on the worker, which held its thread blocked until the future
		// completed: the end of the poll is blocked time.
		Timeline.Poll first = task.polls().get(0);
		assertThat(task.polls()).extracting(Timeline.Poll::thread).containsExactly("timeline-worker");
		assertThat(first.endNanos()).isNotNull();
		assertThat(first.wakeNanos()).isEqualTo(task.createdNanos());
		assertThat(first.blockedNanos()).isGreaterThanOrEqualTo(20_000_000L)
			.isLessThanOrEqualTo(first.endNanos() - first.startNanos());
		assertThat(task.times().state()).isEqualTo("done");
		assertThat(task.times().blockedNanos()).isEqualTo(first.blockedNanos());
		assertThat(task.stoppedNanos()).isGreaterThanOrEqualTo(first.endNanos());
		// The log event sits inside the first busy section, on its thread.
		assertThat(task.events()).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("log");
			assertThat(event.message()).isEqualTo("looking up user 42");
			assertThat(event.thread()).isEqualTo("timeline-worker");
			assertThat(event.timeNanos()).isBetween(first.startNanos(), first.endNanos());
		});
		// Context propagation opened the request's scope on the worker to make it the
		// task's parent: that is not a poll of the request.
		assertThat(requestSpan.polls()).extracting(Timeline.Poll::thread)
			.containsExactly(Thread.currentThread().getName());
		assertThat(requestSpan.polls().get(0).wakeNanos()).isNull();
	}

	/**
	 * A {@code @Scheduled} run is one of Spring's observations with one poll, which ends
	 * when the run's scope closes: the span stops where its poll ended (the poll once
	 * stayed open, drawn to the page's now, while the console said the run took its few
	 * milliseconds).
	 */
	@Test
	void scheduledRunStopsWhereItsOnlyPollEnds() {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation run = Observation.createNotStarted(SpanKeys.SCHEDULED_OBSERVATION, this.registry);
		run.start();
		try (Observation.Scope scope = run.openScope()) {
			clockPassed(2);
		}
		run.stop();

		Timeline.Span span = layer.timeline().spans().get(0);
		assertThat(span.kind()).isEqualTo("scheduled");
		assertThat(span.stoppedNanos()).isNotNull();
		assertThat(span.polls()).singleElement().satisfies((poll) -> {
			assertThat(poll.endNanos()).isEqualTo(span.stoppedNanos());
			assertThat(poll.endNanos() - poll.startNanos()).isEqualTo(span.times().busyNanos())
				.isGreaterThanOrEqualTo(2_000_000L);
		});
		assertThat(span.times().state()).isEqualTo("done");
	}

	private static long clockPassed(long millis) {
		long from = System.currentTimeMillis();
		return await().pollInterval(Duration.ofMillis(1))
			.until(System::currentTimeMillis, (now) -> now >= from + millis);
	}

	private static Timeline.Span taskSpan(TimelineLayer layer) {
		return layer.timeline()
			.spans()
			.stream()
			.filter(Timeline.Span::isTask)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no task recorded"));
	}

	@Test
	void periodicTaskIsOneSpanWithOnePollPerRunAndKeepsItsLatestPolls() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxPollsPerSpan(2));
		ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
				(runnable) -> new Thread(runnable, "timeline-tick"));
		this.executors.add(pool);
		ScheduledThreadPoolExecutor scheduler = ExecutorProxies.instrument(pool,
				new TaskObservations(this.registry, "scheduler", true));
		CountDownLatch runs = new CountDownLatch(5);
		ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(runs::countDown, 0, 5, TimeUnit.MILLISECONDS);
		assertThat(runs.await(5, TimeUnit.SECONDS)).isTrue();
		future.cancel(false);
		Timeline.Span task = taskSpan(layer);
		assertThat(layer.timeline().spans()).hasSize(1);
		assertThat(task.polls()).hasSizeLessThanOrEqualTo(2).isNotEmpty();
		assertThat(task.polls()).extracting(Timeline.Poll::thread).containsOnly("timeline-tick");
		assertThat(task.droppedPolls() + task.polls().size()).isGreaterThanOrEqualTo(5);
		assertThat(task.droppedPolls()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void spanOpenedManyTimesKeepsItsLatestPollsInTheOrderTheyEnded() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxPollsPerSpan(3));
		String here = Thread.currentThread().getName();
		Observation span = Observation.createNotStarted("many.scopes", this.registry).start();
		// The first scope ends after the second: polls are kept in the order they end.
		Observation.Scope first = span.openScope();
		scopeOn(span, "scope-1");
		first.close();
		scopeOn(span, "scope-2");
		scopeOn(span, "scope-3");
		Timeline.Span recorded = layer.timeline().spans().get(0);
		assertThat(recorded.polls()).extracting(Timeline.Poll::thread).containsExactly(here, "scope-2", "scope-3");
		assertThat(recorded.droppedPolls()).isEqualTo(1);
		scopeOn(span, "scope-4");
		span.stop();
		recorded = layer.timeline().spans().get(0);
		assertThat(recorded.polls()).extracting(Timeline.Poll::thread).containsExactly("scope-2", "scope-3", "scope-4");
		assertThat(recorded.droppedPolls()).isEqualTo(2);
	}

	private static void scopeOn(Observation span, String threadName) throws InterruptedException {
		Thread thread = new Thread(() -> span.openScope().close(), threadName);
		thread.start();
		thread.join();
	}

	@Test
	void nestedSpansLinkToTheirNearestRecordedParentSkippingExcludedOnes() {
		TimelineLayer layer = install(TimelineOptions.defaults().withExclude(List.of("hidden")));
		Observation.createNotStarted("outer", this.registry)
			.observe(() -> Observation.createNotStarted("hidden.step", this.registry)
				.observe(() -> Observation.createNotStarted("inner", this.registry).observe(() -> {
				})));
		List<Timeline.Span> spans = layer.timeline().spans();
		assertThat(spans).extracting(Timeline.Span::name).containsExactly("outer", "inner");
		assertThat(spans.get(0).parentId()).isNull();
		assertThat(spans.get(1).parentId()).isEqualTo(spans.get(0).id());
		Timeline.Poll outer = spans.get(0).polls().get(0);
		Timeline.Poll inner = spans.get(1).polls().get(0);
		assertThat(inner.startNanos()).isBetween(outer.startNanos(), outer.endNanos());
		assertThat(inner.endNanos()).isBetween(outer.startNanos(), outer.endNanos());
	}

	@Test
	void errorsAreEventsAndMarkTheSpan() {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation observation = Observation.start("failing", this.registry);
		observation.error(new IllegalStateException("boom"));
		observation.stop();
		Timeline.Span span = layer.timeline().spans().get(0);
		assertThat(span.error()).isTrue();
		assertThat(span.events()).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo(TimelineLayer.ERROR_EVENT);
			assertThat(event.message()).isEqualTo("java.lang.IllegalStateException: boom");
		});
	}

	@ParameterizedTest(name = "{0} slots, {1} spans")
	// 100 slots: the ring reads its slots a batch ahead, wrapping round over many laps
	// (100 is no multiple of a batch).
	@CsvSource({ "50, 200", "100, 1050" })
	void keepsAtMostMaxSpansTheNewest(int maxSpans, int spans) {
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxSpans(maxSpans));
		for (int i = 0; i < spans; i++) {
			Observation.createNotStarted("span-" + i, this.registry).observe(() -> {
			});
		}
		Timeline timeline = layer.timeline();
		assertThat(timeline.spans()).hasSize(maxSpans);
		assertThat(timeline.spans().get(0).name()).isEqualTo("span-" + (spans - maxSpans));
		assertThat(timeline.spans().get(maxSpans - 1).name()).isEqualTo("span-" + (spans - 1));
		assertThat(timeline.evictedSpans()).isEqualTo(spans - maxSpans);
	}

	@Test
	void openSpansCountAgainstMaxSpansAndWhatIsOverIsDropped() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxSpans(100));
		List<Observation.Context> contexts = new ArrayList<>();
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				contexts.add(context);
			}

		});
		ThreadPoolExecutor executor = worker("timeline-worker");
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> awaitQuietly(release));
		for (int i = 0; i < 20_000; i++) {
			executor.execute(() -> {
			});
		}
		// The records the layer references: those in its ring and those open spans hold.
		Set<Long> held = new HashSet<>();
		layer.timeline().spans().forEach((span) -> held.add(span.id()));
		for (Observation.Context context : contexts) {
			SpanRecord record = layer.recordOf(context);
			if (record != null) {
				held.add(record.id());
			}
		}
		assertThat(held).hasSize(100);
		Timeline full = layer.timeline();
		assertThat(full.totalSpans()).isEqualTo(50);
		assertThat(full.openEvictedSpans()).isEqualTo(50);
		assertThat(full.droppedSpans()).isEqualTo(20_001 - 100);
		assertThat(JSON.readTree(full.toJson()).get("droppedSpans").asLong()).isEqualTo(20_001 - 100);
		release.countDown();
		await().until(() -> executor.getCompletedTaskCount() == 20_001);
		await().until(() -> layer.timeline().openEvictedSpans() == 0);
		Timeline drained = layer.timeline();
		assertThat(drained.droppedSpans()).isEqualTo(20_001 - 100);
		assertThat(drained.totalSpans()).isEqualTo(50);
		assertThat(drained.spans()).allMatch((span) -> span.stoppedNanos() != null);
		// Room again once the open spans stopped.
		for (int i = 0; i < 10; i++) {
			executor.submit(() -> {
			}).get();
		}
		await()
			.until(() -> layer.timeline().spans().stream().filter((span) -> span.stoppedNanos() != null).count() == 60);
		assertThat(layer.timeline().droppedSpans()).isEqualTo(20_001 - 100);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void estimatedMemoryStaysUnderMaxBytesByEvictingTheOldestSpans() {
		long maxBytes = 64 * 1024;
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxBytes(maxBytes).withMaxMessageLength(1000));
		String message = "x".repeat(1000);
		for (int i = 0; i < 500; i++) {
			Observation observation = Observation.start("noisy-" + i, this.registry);
			try (Observation.Scope scope = observation.openScope()) {
				for (int j = 0; j < 5; j++) {
					observation.event(Observation.Event.of("log", message));
				}
			}
			observation.stop();
			assertThat(layer.timeline(TimelineQuery.all().limit(1)).retainedBytes()).isLessThanOrEqualTo(maxBytes);
		}
		Timeline timeline = layer.timeline();
		// Each span holds about 11 KB of messages: only the latest few fit.
		assertThat(timeline.spans()).hasSizeBetween(3, 6);
		assertThat(timeline.spans().get(timeline.spans().size() - 1).name()).isEqualTo("noisy-499");
		assertThat(timeline.evictedSpans()).isEqualTo(500 - timeline.spans().size());
		long estimate = 0;
		for (Timeline.Span span : timeline.spans()) {
			estimate += 160 + 56L * span.polls().size() + span.events().size() * (72 + 2L * 1000);
		}
		assertThat(timeline.retainedBytes()).isEqualTo(estimate);
	}

	@Test
	void countAndMemoryBoundsTogetherKeepTheNewestSpansAndAnExactEstimate() {
		// The count bound (a new span takes the oldest's place) and the memory bound
		// (spans with a long event push the oldest out) evict in turn.
		long maxBytes = 8 * 1024;
		TimelineLayer layer = install(
				TimelineOptions.defaults().withMaxSpans(20).withMaxBytes(maxBytes).withMaxMessageLength(1000));
		String message = "x".repeat(1000);
		for (int i = 0; i < 300; i++) {
			Observation observation = Observation.start("span-" + i, this.registry);
			try (Observation.Scope scope = observation.openScope()) {
				if (i % 15 == 0) {
					observation.event(Observation.Event.of("log", message));
				}
			}
			observation.stop();
		}
		Timeline timeline = layer.timeline();
		int kept = timeline.spans().size();
		assertThat(kept).isBetween(15, 20);
		for (int k = 0; k < kept; k++) {
			assertThat(timeline.spans().get(k).name()).isEqualTo("span-" + (300 - kept + k));
		}
		assertThat(timeline.totalSpans()).isEqualTo(kept);
		assertThat(timeline.evictedSpans()).isEqualTo(300 - kept);
		long estimate = 0;
		for (Timeline.Span span : timeline.spans()) {
			estimate += 160 + 56L * span.polls().size() + span.events().size() * (72 + 2L * 1000);
		}
		assertThat(timeline.retainedBytes()).isEqualTo(estimate).isLessThanOrEqualTo(maxBytes);
	}

	@Test
	void theEstimateStaysExactForSpansStartedOnThreadsThatEndedAndPolledElsewhere() throws Exception {
		// Spans admitted in stopped spans' places free bytes on the thread that starts
		// them, and their polls add bytes on the thread that runs them: the estimate
		// counts both, whichever thread ended since.
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxSpans(10));
		ExecutorService worker = Executors.newSingleThreadExecutor();
		this.executors.add(worker);
		for (int t = 0; t < 20; t++) {
			Thread starter = new Thread(() -> {
				for (int i = 0; i < 15; i++) {
					Observation observation = Observation.start("span", this.registry);
					if (i % 3 == 0) {
						// Polled on another thread.
						CompletableFuture.runAsync(() -> {
							try (Observation.Scope scope = observation.openScope()) {
								// a poll of the span on the worker
							}
						}, worker).join();
					}
					else if (i % 3 == 1) {
						try (Observation.Scope scope = observation.openScope()) {
							// a poll on this thread
						}
					}
					observation.stop();
				}
			}, "starter-" + t);
			starter.start();
			starter.join();
		}
		Timeline timeline = layer.timeline();
		assertThat(timeline.spans()).hasSize(10);
		assertThat(timeline.evictedSpans()).isEqualTo(20 * 15 - 10);
		long estimate = 0;
		for (Timeline.Span span : timeline.spans()) {
			estimate += 160 + 56L * span.polls().size();
		}
		assertThat(timeline.retainedBytes()).isEqualTo(estimate);
	}

	@Test
	void spansStoppedAndEvictedWhileOtherThreadsPostToThemKeepTheirMarksAndAnExactEstimate() throws Exception {
		// A record's bytes and its marks (stopped, error, evicted) share one word: four
		// threads start, fail and stop spans while each posts late events to the spans
		// the others stopped, and the small ring evicts them meanwhile (its slots taken
		// by spans admitted concurrently: a record replaced there without its eviction
		// stayed counted for ever).
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxSpans(4));
		int threads = 4;
		int spansPerThread = 5_000;
		AtomicReferenceArray<Observation> stopped = new AtomicReferenceArray<>(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			runs.add(CompletableFuture.runAsync(() -> {
				awaitQuietly(start);
				Observation posted = null;
				for (int i = 0; i < spansPerThread; i++) {
					Observation observation = Observation.start("span-" + thread + "-" + i, this.registry);
					try (Observation.Scope scope = observation.openScope()) {
						observation.event(Observation.Event.of("log", "own"));
						if (i % 3 == 0) {
							observation.error(new IllegalStateException("boom"));
						}
					}
					observation.stop();
					stopped.set(thread, observation);
					// One late event per span at most: no span holds more than its
					// latest events (the estimate below counts every event it holds).
					Observation other = stopped.get((thread + 1) % threads);
					if (other != null && other != posted) {
						other.event(Observation.Event.of("log", "late"));
						posted = other;
					}
				}
			}, newThread()));
		}
		start.countDown();
		CompletableFuture.allOf(runs.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
		Timeline timeline = layer.timeline();
		// Spans admitted concurrently may leave a slot empty; every span is kept,
		// evicted or dropped.
		assertThat(timeline.spans()).isNotEmpty();
		assertThat(timeline.totalSpans() + timeline.evictedSpans() + timeline.droppedSpans())
			.isEqualTo(threads * spansPerThread);
		assertThat(timeline.openEvictedSpans()).isZero();
		long estimate = 0;
		for (Timeline.Span span : timeline.spans()) {
			int index = Integer.parseInt(span.name().substring(span.name().lastIndexOf('-') + 1));
			assertThat(span.stoppedNanos()).isNotNull();
			assertThat(span.error()).as(span.name()).isEqualTo(index % 3 == 0);
			assertThat(span.polls()).hasSize(1);
			assertThat(span.events()).extracting(Timeline.Event::message).startsWith("own");
			estimate += 160 + 56L * span.polls().size();
			for (Timeline.Event event : span.events()) {
				estimate += 72 + 2L * event.message().length();
			}
		}
		assertThat(timeline.retainedBytes()).isEqualTo(estimate);
	}

	private Executor newThread() {
		return (runnable) -> new Thread(runnable, "poster").start();
	}

	@Test
	void keepsTheLatestEventsPerSpanAndCutsLongMessages() {
		TimelineLayer layer = install(TimelineOptions.defaults().withMaxEventsPerSpan(4).withMaxMessageLength(10));
		Observation observation = Observation.start("chatty", this.registry);
		for (int i = 0; i < 10; i++) {
			observation.event(Observation.Event.of("log", "message number " + i));
		}
		observation.stop();
		Timeline.Span span = layer.timeline().spans().get(0);
		assertThat(span.events()).hasSizeBetween(1, 4);
		assertThat(span.droppedEvents() + span.events().size()).isEqualTo(10);
		assertThat(span.events().get(span.events().size() - 1).message()).isEqualTo("message nu…");
	}

	@Test
	void sampledOutRootsAreSkippedWithTheirChildren() {
		TimelineLayer layer = install(TimelineOptions.defaults().withSampleRate(1e-12));
		Observation.createNotStarted("root", this.registry)
			.observe(() -> Observation.createNotStarted("child", this.registry).observe(() -> {
			}));
		assertThat(layer.timeline().spans()).isEmpty();
	}

	@Test
	void queryFiltersByNameSinceAndLimit() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation.createNotStarted("old.job", this.registry).observe(() -> {
		});
		// A few milliseconds on the wall clock apart, as the span times are.
		long between = clockPassed(5) * 1_000_000L;
		clockPassed(5);
		Observation.createNotStarted("new.job", this.registry).observe(() -> {
		});
		Observation.createNotStarted("other", this.registry).observe(() -> {
		});
		Observation running = Observation.start("running.job", this.registry);
		assertThat(layer.timeline(TimelineQuery.all().named("JOB")).spans()).extracting(Timeline.Span::name)
			.containsExactly("old.job", "new.job", "running.job");
		assertThat(layer.timeline(TimelineQuery.all().since(between)).spans()).extracting(Timeline.Span::name)
			.containsExactly("new.job", "other", "running.job");
		assertThat(layer.timeline(TimelineQuery.all().limit(2)).spans()).extracting(Timeline.Span::name)
			.containsExactly("other", "running.job");
		assertThat(layer.timeline().spans().get(3).stoppedNanos()).isNull();
		running.stop();
	}

	@Test
	void clearForgetsEverything() {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation.createNotStarted("job", this.registry).observe(() -> {
		});
		layer.clear();
		Timeline timeline = layer.timeline();
		assertThat(timeline.spans()).isEmpty();
		assertThat(timeline.retainedBytes()).isZero();
	}

	@Test
	void plainJsonHoldsTheModelInMicrosecondsSinceTheOrigin() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation observation = Observation.start("json \"quoted\" <b>", this.registry);
		try (Observation.Scope scope = observation.openScope()) {
			observation.event(Observation.Event.of("log", "line\nbreak"));
		}
		observation.stop();
		Timeline timeline = layer.timeline();
		JsonNode json = JSON.readTree(timeline.toJson());
		assertThat(json.path("format").asString()).isEqualTo("trace-tools-timeline");
		assertThat(json.path("version").asInt()).isEqualTo(1);
		long origin = json.path("origin").asLong();
		assertThat(origin * 1_000_000L).isLessThanOrEqualTo(timeline.startNanos());
		JsonNode span = json.path("spans").get(0);
		Timeline.Span model = timeline.spans().get(0);
		assertThat(span.path("name").asString()).isEqualTo("json \"quoted\" <b>");
		assertThat(span.path("created").asDouble()).isCloseTo((model.createdNanos() - origin * 1_000_000L) / 1000.0,
				within(0.0011));
		assertThat(span.path("polls").get(0).path("thread").asString()).isEqualTo(Thread.currentThread().getName());
		assertThat(span.path("events").get(0).path("message").asString()).isEqualTo("line\nbreak");
		assertThat(timeline.toJson()).doesNotContain("<b>");
	}

	@Test
	void htmlPageEmbedsTheModelEscaped() {
		TimelineLayer layer = install(TimelineOptions.defaults());
		Observation.createNotStarted("</script><img src=x onerror=alert(1)>", this.registry).observe(() -> {
		});
		String html = layer.timeline().toHtml();
		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("\\u003c/script\\u003e\\u003cimg")
			.doesNotContain("<img src=x")
			.doesNotContain("/*TIMELINE_DATA*/")
			.doesNotContain("http://")
			.doesNotContain("https://");
		assertThat(html.split("</script>", -1)).hasSize(3);
	}

	@Test
	void chromeTraceFollowsTheTraceEventFormat() throws Exception {
		TimelineLayer layer = install(TimelineOptions.defaults());
		ThreadPoolExecutor executor = worker("chrome-worker");
		Observation request = Observation.createNotStarted("request", this.registry).contextualName("GET /fan-out");
		request.start();
		List<Future<?>> futures = new ArrayList<>();
		try (Observation.Scope scope = request.openScope()) {
			for (int i = 0; i < 3; i++) {
				futures.add(executor.submit(() -> this.registry.getCurrentObservation()
					.event(Observation.Event.of("log", "INFO demo: working"))));
			}
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.SECONDS);
			}
		}
		request.stop();
		await().until(() -> layer.timeline().spans().stream().allMatch((span) -> span.stoppedNanos() != null));
		Timeline timeline = layer.timeline();
		assertThat(timeline.spans()).hasSize(4);
		JsonNode trace = JSON.readTree(timeline.toChromeTrace());
		assertThat(trace.path("displayTimeUnit").asString()).isEqualTo("ms");
		JsonNode events = trace.path("traceEvents");
		assertThat(events.isArray()).isTrue();
		Map<String, Integer> phases = new HashMap<>();
		Set<Long> namedThreads = new HashSet<>();
		Set<Long> usedThreads = new HashSet<>();
		Map<Long, Double> begins = new HashMap<>();
		Map<Long, Double> ends = new HashMap<>();
		Map<Long, JsonNode> flowStarts = new HashMap<>();
		Map<Long, JsonNode> flowEnds = new HashMap<>();
		Map<Long, List<double[]>> slicesByThread = new HashMap<>();
		for (JsonNode event : events) {
			for (String field : List.of("ph", "ts", "pid", "tid", "name")) {
				assertThat(event.has(field)).as("%s in %s", field, event).isTrue();
			}
			assertThat(event.path("ts").isNumber()).isTrue();
			assertThat(event.path("pid").isIntegralNumber()).isTrue();
			assertThat(event.path("tid").isIntegralNumber()).isTrue();
			String ph = event.path("ph").asString();
			phases.merge(ph, 1, Integer::sum);
			long tid = event.path("tid").asLong();
			double ts = event.path("ts").asDouble();
			switch (ph) {
				case "M" -> {
					if (event.path("name").asString().equals("thread_name")) {
						namedThreads.add(tid);
						assertThat(event.path("args").path("name").asString()).isNotEmpty();
					}
				}
				case "X" -> {
					usedThreads.add(tid);
					double dur = event.path("dur").asDouble();
					assertThat(dur).isGreaterThanOrEqualTo(0);
					slicesByThread.computeIfAbsent(tid, (key) -> new ArrayList<>()).add(new double[] { ts, ts + dur });
				}
				case "i" -> {
					usedThreads.add(tid);
					assertThat(event.path("s").asString()).isEqualTo("t");
					assertThat(event.path("args").path("message").asString()).isEqualTo("INFO demo: working");
				}
				case "b" -> begins.put(event.path("id").asLong(), ts);
				case "e" -> ends.put(event.path("id").asLong(), ts);
				case "s" -> flowStarts.put(event.path("id").asLong(), event);
				case "f" -> flowEnds.put(event.path("id").asLong(), event);
				default -> throw new AssertionError("Unexpected phase " + ph);
			}
		}
		assertThat(phases).containsKeys("M", "X", "i", "b", "e", "s", "f");
		assertThat(namedThreads).containsAll(usedThreads);
		// Every span's lifetime is a matched begin/end pair.
		assertThat(begins.keySet()).hasSize(4).isEqualTo(ends.keySet());
		begins.forEach((id, ts) -> assertThat(ends.get(id)).isGreaterThanOrEqualTo(ts));
		// One flow per task, from its creation (inside the request) to its first poll.
		assertThat(flowStarts.keySet()).hasSize(3).isEqualTo(flowEnds.keySet());
		flowEnds.forEach((id, end) -> {
			assertThat(end.path("bp").asString()).isEqualTo("e");
			assertThat(end.path("ts").asDouble()).isGreaterThanOrEqualTo(flowStarts.get(id).path("ts").asDouble());
		});
		// Slices on one thread nest (Perfetto rejects overlapping ones).
		slicesByThread.values().forEach((slices) -> {
			for (double[] a : slices) {
				for (double[] b : slices) {
					boolean disjoint = a[1] <= b[0] || b[1] <= a[0];
					boolean nested = (a[0] <= b[0] && b[1] <= a[1]) || (b[0] <= a[0] && a[1] <= b[1]);
					assertThat(disjoint || nested).isTrue();
				}
			}
		});
		// Timestamps are microseconds: a poll's dur is its length in µs.
		Timeline.Span task = timeline.spans().stream().filter(Timeline.Span::isTask).findFirst().orElseThrow();
		Timeline.Poll poll = task.polls().get(0);
		double expected = (poll.endNanos() - poll.startNanos()) / 1000.0;
		JsonNode slice = null;
		for (JsonNode event : events) {
			if (event.path("ph").asString().equals("X") && event.path("args").path("span").asLong() == task.id()) {
				slice = event;
			}
		}
		assertThat(slice).isNotNull();
		assertThat(slice.path("dur").asDouble()).isCloseTo(expected, within(0.0011));
		assertThat(slice.path("tid").asLong()).isEqualTo(poll.threadId());
	}

	@Test
	void aSequenceSlotIsItsExactRemainderByTheRingLength() {
		// The ring's slot of a sequence is computed without a 64-bit division: it must
		// be the remainder for every length and sequence, at multiples of the length and
		// next to them, and up to where the division takes over.
		SplittableRandom random = new SplittableRandom(13);
		int[] lengths = { 1, 2, 3, 7, 1_000, 10_000, 65_537, 1_000_003, Integer.MAX_VALUE - 1, Integer.MAX_VALUE };
		for (int length : lengths) {
			double inverse = 1.0 / length;
			List<Long> sequences = new ArrayList<>(List.of(0L, 1L, (1L << 52) - 1, 1L << 52, Long.MAX_VALUE));
			for (int i = 0; i < 2_000; i++) {
				long multiple = random.nextLong((1L << 52) / length) * length;
				sequences.add(multiple);
				sequences.add(Math.max(0, multiple - 1));
				sequences.add(multiple + 1);
				sequences.add(random.nextLong(1L << 52));
				sequences.add(random.nextLong(Long.MAX_VALUE));
			}
			for (long sequence : sequences) {
				assertThat(TimelineLayer.remainder(sequence, length, inverse)).as("%d %% %d", sequence, length)
					.isEqualTo((int) (sequence % length));
			}
		}
	}

}
