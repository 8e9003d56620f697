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

import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.tracetools.flamegraph.FlamegraphMode;
import io.micrometer.observation.Observation;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.jspecify.annotations.Nullable;

/**
 * The JDK Flight Recorder side of {@link JfrProfiler}, apart so that the profiler loads
 * on a runtime without the {@code jdk.jfr} module: the stream, its settings, the choice
 * of the sampling event, and the conversion of the events' times to the
 * {@link System#nanoTime()} scale of {@link ScopeHistory}.
 * <p>
 * An event's start time is an {@link Instant} that JDK Flight Recorder computes from its
 * own ticks and the wall-clock time of the chunk's start. The ticks run with
 * {@code nanoTime} but the chunk's wall-clock time is only as precise as the recorder
 * makes it (a millisecond on JDK 17), so the offset between the two is measured: at start
 * and every second, a {@link ClockMark} is committed right after reading
 * {@code nanoTime}, and its start time gives the offset of the events around it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class JfrStream implements AutoCloseable {

	/** The stream's buffer on disk: a few seconds and a few megabytes at most. */
	private static final Duration MAX_AGE = Duration.ofSeconds(10);

	private static final long MAX_SIZE = 16L * 1024 * 1024;

	private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

	/** JDK 25's sampling by CPU time (JEP 509), Linux only. */
	private static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";

	/** The CPU-time samples the JVM could not take, counted. */
	private static final String CPU_TIME_SAMPLES_LOST = "jdk.CPUTimeSamplesLost";

	/** JDK Flight Recorder's own event for the events it had to discard. */
	private static final String DATA_LOSS = "jdk.DataLoss";

	private static final int MAX_CACHED_TRACES = 8192;

	/**
	 * How long before the last clock mark read an event may still come: an error of the
	 * clock conversion, a sample committed a little after its time.
	 */
	private static final long LATE_EVENT_NANOS = Duration.ofSeconds(1).toNanos();

	/** How often a clock mark is committed: the stream's flush period. */
	private static final Duration MARK_PERIOD = Duration.ofSeconds(1);

	private final EventStream stream;

	private final JfrProfiler profiler;

	/**
	 * Commits the clock marks on JDK Flight Recorder's periodic thread while the stream
	 * runs; {@code null} when reading a recording file.
	 */
	private @Nullable Runnable markHook;

	/**
	 * The field naming the sampled thread: the sampler's thread commits an execution
	 * sample, the sampled thread its own CPU-time sample.
	 */
	private final String sampledThread;

	private volatile long offset;

	/**
	 * The {@link System#nanoTime()} of the last clock mark read, by the stream's thread:
	 * once the flush that delivered it is read, so is every event committed before it.
	 */
	private long lastMark;

	private boolean marked;

	/**
	 * The frames of stack traces already seen: the recorder's parser hands out one object
	 * per stack trace of a chunk, so the frames are named once, not at every sample. Read
	 * and written by the stream's thread only; cleared when full.
	 */
	private final Map<RecordedStackTrace, Frames> frames = new IdentityHashMap<>();

	private JfrStream(EventStream stream, JfrProfiler profiler, Sampler sampler) {
		this.stream = stream;
		this.profiler = profiler;
		this.sampledThread = (sampler == Sampler.CPU_TIME) ? "eventThread" : "sampledThread";
		Instant now = Instant.now();
		this.offset = System.nanoTime() - epochNanos(now);
	}

	static @Nullable String unavailableReason() {
		try {
			if (!FlightRecorder.isAvailable()) {
				return "JDK Flight Recorder is not available on this JVM (started with -XX:-FlightRecorder?)";
			}
		}
		catch (RuntimeException | LinkageError ex) {
			return "JDK Flight Recorder is not available on this JVM: " + ex;
		}
		return null;
	}

	/**
	 * Why this JVM cannot sample by CPU time.
	 * @return the reason, or {@code null} if it can
	 */
	static @Nullable String cpuTimeUnavailableReason() {
		if (!System.getProperty("os.name", "").startsWith("Linux")) {
			return CPU_TIME_SAMPLE + " samples on Linux only";
		}
		for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
			if (type.getName().equals(CPU_TIME_SAMPLE)) {
				return null;
			}
		}
		return CPU_TIME_SAMPLE + " needs JDK 25 or later (this is " + Runtime.version() + ")";
	}

	/**
	 * The event that samples: {@link Sampler#AUTO} resolved.
	 * @throws IllegalStateException if {@link Sampler#CPU_TIME} is asked for on a JVM
	 * without it
	 */
	static Sampler resolve(Sampler asked) {
		if (asked == Sampler.EXECUTION) {
			return asked;
		}
		String reason = cpuTimeUnavailableReason();
		if (reason == null) {
			return Sampler.CPU_TIME;
		}
		if (asked == Sampler.CPU_TIME) {
			throw new IllegalStateException(reason);
		}
		return Sampler.EXECUTION;
	}

	static JfrStream start(ProfilingOptions options, Sampler sampler, JfrProfiler profiler) {
		RecordingStream stream = new RecordingStream();
		try {
			stream.setMaxAge(MAX_AGE);
			stream.setMaxSize(MAX_SIZE);
			stream.setReuse(true);
			if (sampler == Sampler.CPU_TIME) {
				// The throttle as a period of each thread's CPU time: a sample stands for
				// one interval, as an execution sample does, and the samples a second are
				// at most the CPUs divided by the interval.
				stream.enable(CPU_TIME_SAMPLE).with("throttle", options.interval().toNanos() + "ns").withStackTrace();
				stream.enable(CPU_TIME_SAMPLES_LOST);
			}
			else {
				stream.enable(EXECUTION_SAMPLE).withPeriod(options.interval());
			}
			stream.enable(ClockMark.class).withPeriod(MARK_PERIOD);
			stream.enable(DATA_LOSS);
			for (Map.Entry<String, Duration> wait : options.waits().entrySet()) {
				stream.enable("jdk." + wait.getKey()).withThreshold(wait.getValue()).withStackTrace();
			}
			JfrStream jfr = listen(stream, options, profiler, sampler);
			stream.startAsync();
			// On JDK Flight Recorder's periodic thread, not in the stream's handlers:
			// the recorder drops the events of the thread that reads a stream (else it
			// would record its own reading of the repository), so a mark committed
			// there never arrives. One hook per stream: a hook is added once.
			Runnable hook = jfr::commitMark;
			FlightRecorder.addPeriodicEvent(ClockMark.class, hook);
			jfr.markHook = hook;
			ClockMark.commitNow();
			return jfr;
		}
		catch (RuntimeException ex) {
			stream.close();
			throw ex;
		}
	}

	private void commitMark() {
		ClockMark.commitNow();
	}

	/**
	 * Hand a stream's events to the profiler: the recording stream's, or a recording
	 * file's when measuring what the handlers cost.
	 */
	static JfrStream listen(EventStream stream, ProfilingOptions options, JfrProfiler profiler, Sampler sampler) {
		JfrStream jfr = new JfrStream(stream, profiler, sampler);
		Consumer<RecordedEvent> onSample = jfr::onSample;
		Consumer<RecordedEvent> onWait = jfr::onWait;
		Consumer<RecordedEvent> onDataLoss = jfr::onDataLoss;
		Consumer<RecordedEvent> onSamplesLost = jfr::onSamplesLost;
		stream.onEvent((sampler == Sampler.CPU_TIME) ? CPU_TIME_SAMPLE : EXECUTION_SAMPLE,
				(event) -> jfr.safely(onSample, event, FlamegraphMode.CPU));
		stream.onEvent(CPU_TIME_SAMPLES_LOST, (event) -> jfr.safely(onSamplesLost, event, FlamegraphMode.CPU));
		stream.onEvent(DATA_LOSS, (event) -> jfr.safely(onDataLoss, event, FlamegraphMode.CPU));
		stream.onEvent(ClockMark.NAME, jfr::onClockMark);
		for (String wait : options.waits().keySet()) {
			stream.onEvent("jdk." + wait, (event) -> jfr.safely(onWait, event, FlamegraphMode.WAIT));
		}
		stream.onFlush(jfr::onFlush);
		return jfr;
	}

	/**
	 * Run a handler so that an event it cannot read is skipped rather than ending the
	 * stream.
	 */
	private void safely(Consumer<RecordedEvent> handler, RecordedEvent event, FlamegraphMode mode) {
		try {
			handler.accept(event);
		}
		catch (RuntimeException ex) {
			this.profiler.unreadable(mode);
		}
	}

	private void onSample(RecordedEvent event) {
		RecordedThread thread = event.getThread(this.sampledThread);
		RecordedStackTrace trace = event.getStackTrace();
		if (thread == null || trace == null) {
			return;
		}
		// The span first: a sample that is dropped or left out costs no frame names.
		long threadId = thread.getJavaThreadId();
		Observation.@Nullable Context span = this.profiler.spanOfSample(threadId, nanoTime(event.getStartTime()));
		if (span != JfrProfiler.LEFT_OUT) {
			Frames named = framesOf(trace, null);
			this.profiler.sampled(span, thread.getJavaName(), named.methods(), named.self());
		}
	}

	private void onWait(RecordedEvent event) {
		RecordedThread thread = event.getThread();
		RecordedStackTrace trace = event.getStackTrace();
		if (thread == null || trace == null) {
			return;
		}
		// A waiting thread opens and closes no scope: the span open at the middle of the
		// wait is the one open all along, and the middle is the instant farthest from the
		// scope events around the wait, whatever the error of the clock conversion.
		long waited = event.getDuration().toNanos();
		long start = nanoTime(event.getStartTime());
		Observation.@Nullable Context span = this.profiler.spanOfWait(thread.getJavaThreadId(), start + waited / 2,
				start + waited);
		if (span != JfrProfiler.LEFT_OUT) {
			this.profiler.waited(span, thread.getJavaName(), framesOf(trace, event.getEventType().getName()).methods(),
					waited);
		}
	}

	private void onDataLoss(RecordedEvent event) {
		this.profiler.dataLost(event.getLong("amount"));
	}

	private void onSamplesLost(RecordedEvent event) {
		this.profiler.samplerLost(event.getInt("lostSamples"));
	}

	private Frames framesOf(RecordedStackTrace trace, @Nullable String wait) {
		Frames named = this.frames.get(trace);
		if (named == null || !Objects.equals(named.waitEvent(), wait)) {
			if (this.frames.size() >= MAX_CACHED_TRACES) {
				this.frames.clear();
			}
			named = new Frames((wait != null) ? JavaFrames.ofWait(trace, wait) : JavaFrames.ofSample(trace),
					JavaFrames.selfMethod(trace), wait);
			this.frames.put(trace, named);
		}
		return named;
	}

	private void onClockMark(RecordedEvent event) {
		this.lastMark = event.getLong(ClockMark.NANO_TIME);
		this.marked = true;
		this.offset = this.lastMark - epochNanos(event.getStartTime());
	}

	private void onFlush() {
		// A flush delivers every event committed before it, on any thread: those before
		// the mark it delivered are read, whatever their order in the stream.
		if (this.marked) {
			this.profiler.attributedBefore(this.lastMark - LATE_EVENT_NANOS);
		}
		this.profiler.flushed();
	}

	private long nanoTime(Instant time) {
		return epochNanos(time) + this.offset;
	}

	private static long epochNanos(Instant time) {
		return time.getEpochSecond() * 1_000_000_000L + time.getNano();
	}

	@Override
	public void close() {
		Runnable hook = this.markHook;
		if (hook != null) {
			FlightRecorder.removePeriodicEvent(hook);
		}
		this.stream.close();
	}

	/**
	 * A stack trace's frames as the flamegraph shows them, and its innermost method.
	 */
	private record Frames(List<String> methods, @Nullable String self, @Nullable String waitEvent) {

	}

}
