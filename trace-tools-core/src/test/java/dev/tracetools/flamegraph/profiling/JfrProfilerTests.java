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

package dev.tracetools.flamegraph.profiling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracetools.executor.ObservedExecutors;
import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.flamegraph.Flamegraph;
import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.flamegraph.Flamegrapher;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link JfrProfiler}: JDK Flight Recorder's samples under the spans open at
 * their time.
 *
 * @author trace-tools
 * @since 0.1.0
 */
class JfrProfilerTests {

	private final ExecutorService pool = Executors.newFixedThreadPool(2, (runnable) -> new Thread(runnable, "work-1"));

	private final ExecutorService sleeperPool = Executors
		.newSingleThreadExecutor((runnable) -> new Thread(runnable, "sleeper-1"));

	private final ObservationRegistry registry = ObservationRegistry.create();

	private JfrProfiler profiler;

	private Flamegrapher flamegrapher;

	private ScopeHistory scopes;

	@TempDir
	Path directory;

	private void start(FlamegraphOptions options) {
		start(options, ScopeHistory.DEFAULT_CAPACITY);
	}

	private void start(FlamegraphOptions options, int scopesPerThread) {
		start(options, scopesPerThread, ProfilingOptions.defaults().sampler());
	}

	private void start(FlamegraphOptions options, int scopesPerThread, Sampler sampler) {
		this.scopes = new ScopeHistory(scopesPerThread);
		FlamegraphLayer layer = new FlamegraphLayer(options, this.scopes);
		this.registry.observationConfig().observationHandler(layer);
		this.flamegrapher = layer.flamegrapher();
		this.profiler = new JfrProfiler(
				ProfilingOptions.defaults().withSampler(sampler).withInterval(Duration.ofMillis(10)), this.scopes,
				this.flamegrapher.spanSamples());
		this.profiler.start();
	}

	@AfterEach
	void stop() {
		if (this.profiler != null) {
			this.profiler.close();
		}
		this.pool.shutdownNow();
		this.sleeperPool.shutdownNow();
	}

	@Test
	void theScopeRecordLetsGoOfASpanOnceTheStreamHasReadPastIt() {
		start(FlamegraphOptions.defaults());
		AtomicLong inside = new AtomicLong();
		Observation.createNotStarted("request", this.registry).observe(() -> inside.set(System.nanoTime()));
		long thread = Thread.currentThread().getId();
		assertThat(this.scopes.spanAt(thread, inside.get())).isNotNull().isNotSameAs(ScopeHistory.UNKNOWN);
		// Held no longer than the stream takes to read past it (a second or two), not
		// until a whole ring of newer scope events has overwritten it.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.scopes.spanAt(thread, inside.get())).isSameAs(ScopeHistory.UNKNOWN));
	}

	@Test
	void samplesGoUnderTheSpanOpenOnTheirThreadAtTheirTimeAndWaitsUnderTheWaitingSpan() throws Exception {
		start(FlamegraphOptions.defaults());
		runSpinnerAndSleeper();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(micros(FlamegraphMode.CPU, "request;spinner")).isPositive();
			assertThat(micros(FlamegraphMode.WAIT, "request;sleeper"))
				.as("lost %s: %s", this.profiler.lostSamples(),
						this.flamegrapher.flamegraph(FlamegraphMode.WAIT).foldedLines())
				.isPositive();
		});
		List<String> cpu = this.flamegrapher.flamegraph(FlamegraphMode.CPU).foldedLines();
		long spinner = micros(FlamegraphMode.CPU, "request;spinner");
		long inSpin = cpu.stream()
			.filter((line) -> line.startsWith("request;spinner;") && line.contains("JfrProfilerTests.spinFor"))
			.mapToLong(JfrProfilerTests::value)
			.sum();
		assertThat(inSpin).as("%s", cpu).isGreaterThanOrEqualTo(spinner * 8 / 10);
		// The sleeper's thread runs a little code of its own around the sleep (its span's
		// scope, the executor): a sample of that is its own, rightly under its box. The
		// spinner's method never is, and the sleeper's box stays at most a sample or two
		// wide against the spinner's 200 ms a round.
		assertThat(cpu).as("%s", cpu)
			.noneSatisfy((line) -> assertThat(line).startsWith("request;sleeper").contains("spinFor"));
		assertThat(micros(FlamegraphMode.CPU, "request;sleeper")).as("%s", cpu)
			.isLessThanOrEqualTo(2 * TimeUnit.MILLISECONDS.toMicros(10));
		List<String> waits = this.flamegrapher.flamegraph(FlamegraphMode.WAIT).foldedLines();
		assertThat(waits).as("%s", waits)
			.anySatisfy((line) -> assertThat(line).startsWith("request;sleeper;").contains("Thread.sleep"));
		assertThat(micros(FlamegraphMode.WAIT, "request;sleeper")).as("%s", waits).isBetween(195_000L, 320_000L);
	}

	@Test
	void autoSamplesByCpuTimeWhereTheJvmHasItAndByExecutionSamplesElsewhere() {
		start(FlamegraphOptions.defaults(), ScopeHistory.DEFAULT_CAPACITY, Sampler.AUTO);
		assertThat(this.profiler.sampler())
			.isEqualTo((JfrStream.cpuTimeUnavailableReason() == null) ? Sampler.CPU_TIME : Sampler.EXECUTION);
	}

	@Test
	void theDefaultSamplerIsExecutionSamplesOnEveryJdk() {
		start(FlamegraphOptions.defaults());
		assertThat(this.profiler.sampler()).isEqualTo(Sampler.EXECUTION);
	}

	@Test
	void cpuTimeSamplesGoUnderTheSpanOpenOnTheirThreadAtTheirTime() throws Exception {
		assumeTrue(JfrStream.cpuTimeUnavailableReason() == null, "jdk.CPUTimeSample needs JDK 25+ on Linux");
		assertSpinnerSampledWith(Sampler.CPU_TIME);
	}

	@Test
	void executionSamplesGoUnderTheSpanOpenOnTheirThreadAtTheirTimeOnEveryJdk() throws Exception {
		assertSpinnerSampledWith(Sampler.EXECUTION);
	}

	private void assertSpinnerSampledWith(Sampler sampler) throws Exception {
		start(FlamegraphOptions.defaults(), ScopeHistory.DEFAULT_CAPACITY, sampler);
		assertThat(this.profiler.sampler()).isEqualTo(sampler);
		// Spin until a sample of it has been read: on a loaded machine 200 ms of spinning
		// may get no sample.
		AtomicInteger rounds = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			rounds.incrementAndGet();
			runSpinnerAndSleeper();
			assertThat(micros(FlamegraphMode.CPU, "request;spinner")).isPositive();
		});
		List<String> cpu = this.flamegrapher.flamegraph(FlamegraphMode.CPU).foldedLines();
		assertThat(cpu).as("%s", cpu)
			.anySatisfy((line) -> assertThat(line).startsWith("request;spinner;").contains("JfrProfilerTests.spinFor"));
		// As above: the sleeper's own code around the sleep, never the spinner's method.
		assertThat(cpu).as("%s", cpu)
			.noneSatisfy((line) -> assertThat(line).startsWith("request;sleeper").contains("spinFor"));
		assertThat(micros(FlamegraphMode.CPU, "request;sleeper")).as("%s", cpu)
			.isLessThanOrEqualTo(rounds.get() * 2 * TimeUnit.MILLISECONDS.toMicros(10));
	}

	@Test
	void cpuTimeSamplingOnAJvmWithoutItFailsToStartSayingWhy() {
		String reason = JfrStream.cpuTimeUnavailableReason();
		assumeTrue(reason != null, "this JVM samples by CPU time");
		FlamegraphLayer layer = new FlamegraphLayer(FlamegraphOptions.defaults(), new ScopeHistory(16));
		this.profiler = new JfrProfiler(ProfilingOptions.defaults().withSampler(Sampler.CPU_TIME), new ScopeHistory(16),
				layer.flamegrapher().spanSamples());
		assertThatIllegalStateException().isThrownBy(this.profiler::start)
			.withMessage(reason)
			.withMessageContaining("jdk.CPUTimeSample");
		assertThat(this.profiler.isRunning()).isFalse();
	}

	@Test
	void samplesOfAThreadWhoseScopeRecordNoLongerGoesBackToThemAreCountedAsDroppedInTheFlamegraph() throws Exception {
		// Two scope events per thread: a thread that opens thousands of scopes between a
		// sample and the stream's next flush has forgotten which span was open then.
		start(FlamegraphOptions.defaults(), 2);
		// Churn until a sample of it has been read (the stream may start sampling late).
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			CompletableFuture.runAsync(this::churnScopes, this.pool).get();
			assertThat(this.flamegrapher.flamegraph(FlamegraphMode.CPU).droppedSamples())
				.as("samples %s, lost %s", this.profiler.samples(), this.profiler.lostSamples())
				.isPositive();
		});
		Flamegraph cpu = this.flamegrapher.flamegraph(FlamegraphMode.CPU);
		assertThat(cpu.droppedSamples()).isLessThanOrEqualTo(this.profiler.lostSamples());
		assertThat(cpu.description()).contains(cpu.droppedSamples() + " samples dropped");
		this.flamegrapher.clear();
		assertThat(this.flamegrapher.flamegraph(FlamegraphMode.CPU).droppedSamples()).isZero();
	}

	@Test
	void samplesAndWaitsDeliveredAfterAClearButTakenBeforeItAreForgotten() {
		ScopeHistory scopes = new ScopeHistory(ScopeHistory.DEFAULT_CAPACITY);
		Flamegrapher flamegrapher = new FlamegraphLayer(FlamegraphOptions.defaults(), scopes).flamegrapher();
		JfrProfiler profiler = new JfrProfiler(ProfilingOptions.defaults(), scopes, flamegrapher.spanSamples());
		long thread = Thread.currentThread().getId();
		long beforeClear = System.nanoTime();
		flamegrapher.clear();
		long afterClear = System.nanoTime() + 1;
		// JDK Flight Recorder delivers events up to a flush period late: those taken
		// before
		// the DELETE must not come back after it.
		assertThat(profiler.spanOfSample(thread, beforeClear)).isSameAs(JfrProfiler.LEFT_OUT);
		assertThat(profiler.spanOfWait(thread, beforeClear - 1000, beforeClear)).isSameAs(JfrProfiler.LEFT_OUT);
		// No span was open on this thread: taken after the clear, they go under [no
		// span].
		assertThat(profiler.spanOfSample(thread, afterClear)).isNull();
		assertThat(profiler.spanOfWait(thread, beforeClear, afterClear)).isNull();
		assertThat(flamegrapher.flamegraph(FlamegraphMode.CPU).droppedSamples()).isZero();
	}

	private void churnScopes() {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
		while (System.nanoTime() < end) {
			Observation.createNotStarted("churn", this.registry).observe(() -> {
			});
		}
	}

	@Test
	void clearForgetsTheSamplesAndShutdownWritesThemAndClosesTheStream() throws Exception {
		Path folded = this.directory.resolve("flamegraph.folded");
		start(FlamegraphOptions.defaults().withFoldedFile(folded));
		runSpinnerAndSleeper();
		await().atMost(Duration.ofSeconds(20)).until(() -> micros(FlamegraphMode.CPU, "request;spinner") > 0);
		this.flamegrapher.clear();
		assertThat(this.flamegrapher.flamegraph(FlamegraphMode.CPU).foldedLines())
			.noneMatch((line) -> line.startsWith("request;spinner"));
		runSpinnerAndSleeper();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(micros(FlamegraphMode.CPU, "request;spinner"))
				.as("samples %s, lost %s: %s", this.profiler.samples(), this.profiler.lostSamples(),
						this.flamegrapher.flamegraph(FlamegraphMode.CPU).foldedLines())
				.isPositive());
		assertThat(this.flamegrapher.writeFlamegraph()).contains(folded,
				this.directory.resolve("flamegraph-cpu.folded"), this.directory.resolve("flamegraph-wait.folded"));
		assertThat(Files.readString(this.directory.resolve("flamegraph-cpu.folded"))).contains("request;spinner;");
		this.profiler.close();
		assertThat(this.profiler.isRunning()).isFalse();
		assertThat(FlightRecorder.getFlightRecorder().getRecordings()).extracting(Recording::getState)
			.doesNotContain(RecordingState.RUNNING);
	}

	@Test
	void clearForgetsTheHottestMethodsOfTasks() throws Exception {
		start(FlamegraphOptions.defaults());
		ExecutorService observed = ObservedExecutors.wrap(ExecutorService.class, this.pool,
				new TaskObservations(this.registry, "work", false));
		AtomicLong taskId = new AtomicLong();
		observed.submit(() -> {
			Observation current = this.registry.getCurrentObservation();
			if (current != null && current.getContext() instanceof TaskContext task) {
				taskId.set(task.getId());
			}
			spinFor(Duration.ofMillis(200));
		}).get(10, TimeUnit.SECONDS);
		assertThat(taskId.get()).isPositive();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.profiler.hotMethods(taskId.get()))
				.as("samples %s, lost %s: %s", this.profiler.samples(), this.profiler.lostSamples(),
						this.flamegrapher.flamegraph(FlamegraphMode.CPU).foldedLines())
				.anySatisfy((method) -> assertThat(method.toString()).contains("spinFor")));
		this.flamegrapher.clear();
		assertThat(this.profiler.hotMethods(taskId.get())).isEmpty();
	}

	private void runSpinnerAndSleeper() throws Exception {
		Observation request = Observation.start("request", this.registry);
		try (Observation.Scope scope = request.openScope()) {
			CompletableFuture<?> spinner = CompletableFuture
				.runAsync(() -> Observation.createNotStarted("spinner", this.registry)
					.parentObservation(request)
					.observe(() -> spinFor(Duration.ofMillis(200))), this.pool);
			CompletableFuture<?> sleeper = CompletableFuture
				.runAsync(() -> Observation.createNotStarted("sleeper", this.registry)
					.parentObservation(request)
					.observe(JfrProfilerTests::sleep200), this.sleeperPool);
			CompletableFuture.allOf(spinner, sleeper).get(10, TimeUnit.SECONDS);
		}
		request.stop();
	}

	static double spinFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		double sum = 0;
		while (System.nanoTime() < end) {
			for (int i = 1; i < 1000; i++) {
				sum += Math.sqrt(i);
			}
		}
		return sum;
	}

	private static void sleep200() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long micros(FlamegraphMode mode, String prefix) {
		return this.flamegrapher.flamegraph(mode)
			.foldedLines()
			.stream()
			.filter((line) -> line.startsWith(prefix + ";") || line.startsWith(prefix + " "))
			.mapToLong(JfrProfilerTests::value)
			.sum();
	}

	private static long value(String line) {
		return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
	}

}
