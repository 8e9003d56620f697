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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the timeline layer's recorder: the recent spans, each with its lifetime,
 * its polls (busy sections) with their threads and wake times, its events and its logical
 * parent. Times are {@link System#currentTimeMillis() wall-clock} times in nanoseconds
 * since the epoch, measured with {@link System#nanoTime()} precision.
 *
 * @param capturedNanos when the snapshot was taken; spans and polls still in progress end
 * here
 * @param spans the spans, by creation time
 * @param totalSpans how many spans the recorder holds, before the query's filters
 * @param evictedSpans how many spans the recorder has forgotten to stay within its bounds
 * @param droppedSpans how many spans the recorder did not record because its bounds were
 * reached by spans still open (and their children)
 * @param openEvictedSpans how many spans evicted while open the recorder still holds
 * (their observations hold them until they stop; they count against its bounds)
 * @param retainedBytes the recorder's estimate of the bytes it holds
 * @param options the recorder's options (its bounds)
 * @author trace-tools
 * @since 0.1.0
 */
public record Timeline(long capturedNanos, List<Span> spans, int totalSpans, long evictedSpans, long droppedSpans,
		long openEvictedSpans, long retainedBytes, TimelineOptions options) {

	/**
	 * Create a snapshot.
	 * @param capturedNanos when the snapshot was taken
	 * @param spans the spans
	 * @param totalSpans how many spans the recorder holds
	 * @param evictedSpans how many spans the recorder has forgotten
	 * @param droppedSpans how many spans the recorder did not record
	 * @param openEvictedSpans how many evicted open spans the recorder still holds
	 * @param retainedBytes the estimate of bytes held
	 * @param options the recorder's options
	 */
	public Timeline {
		spans = List.copyOf(spans);
	}

	/**
	 * The earliest time of the snapshot: the creation of its first span, or the capture
	 * time if it has none.
	 * @return the earliest time, in epoch nanoseconds
	 */
	public long startNanos() {
		long start = this.capturedNanos;
		for (Span span : this.spans) {
			start = Math.min(start, span.createdNanos());
		}
		return start;
	}

	/**
	 * The span with the given id.
	 * @param id the span's id
	 * @return the span, or {@code null} if the snapshot does not hold it
	 */
	public @Nullable Span span(long id) {
		for (Span span : this.spans) {
			if (span.id() == id) {
				return span;
			}
		}
		return null;
	}

	/**
	 * This snapshot as plain JSON, the format the timeline page also reads back from a
	 * saved file: times in microseconds since {@code origin} (epoch milliseconds).
	 * @return the JSON text
	 */
	public String toJson() {
		return TimelineJson.write(this);
	}

	/**
	 * This snapshot in the Chrome Trace Event format, for Perfetto and
	 * {@code chrome://tracing}: a complete event per poll, an async begin/end pair per
	 * span lifetime, an instant event per span event, flows from parents to children, and
	 * thread names.
	 * @return the JSON text
	 */
	public String toChromeTrace() {
		return ChromeTrace.write(this);
	}

	/**
	 * This snapshot as a self-contained HTML page that draws it (no network needed).
	 * @return the page
	 */
	public String toHtml() {
		return TimelinePage.render(this);
	}

	/**
	 * A recorded span.
	 *
	 * @param id the span's id in the recorder, unique within it
	 * @param taskId the task's {@code task.id} for a {@code tracetools.task} span, which
	 * the console endpoint {@code /actuator/tasks/{id}} knows it by; {@code null} for
	 * other spans
	 * @param parentId the id of the nearest recorded logical parent, or {@code null}
	 * @param name the span's name: the task's or observed unit's {@code observed.name},
	 * otherwise the observation's contextual name or name
	 * @param observation the observation's name ({@code tracetools.task},
	 * {@code http.server.requests}, ...)
	 * @param kind {@code executor}, {@code async} or {@code scheduled} for tasks,
	 * {@code observe} for {@code @Observe} spans, {@code span} for other observations
	 * @param executor the executor's bean name, for tasks
	 * @param location the call site, {@code File.java:42}, for trace-tools spans
	 * @param createdNanos when the span started (a task's submission)
	 * @param stoppedNanos when the span stopped, or {@code null} while it runs
	 * @param createdThread the name of the thread the span started on
	 * @param createdThreadId the id of that thread
	 * @param outcome how a task ended ({@code SUCCESS}, {@code ERROR}, ...), or
	 * {@code null}
	 * @param error whether the span recorded an error
	 * @param times a task's state and times (as the console shows them), or {@code null}
	 * for spans that are not tasks
	 * @param polls its latest polls, oldest first
	 * @param droppedPolls how many earlier polls were not kept
	 * @param events its latest events, oldest first
	 * @param droppedEvents how many earlier events were not kept
	 */
	public record Span(long id, @Nullable Long taskId, @Nullable Long parentId, String name, String observation,
			String kind, @Nullable String executor, @Nullable String location, long createdNanos,
			@Nullable Long stoppedNanos, String createdThread, long createdThreadId, @Nullable String outcome,
			boolean error, @Nullable TaskTimes times, List<Poll> polls, long droppedPolls, List<Event> events,
			long droppedEvents) {

		/**
		 * Create a span.
		 * @param id the span's id
		 * @param taskId the task's id, for tasks
		 * @param parentId the parent's id
		 * @param name the span's name
		 * @param observation the observation's name
		 * @param kind the kind of span
		 * @param executor the executor's name, for tasks
		 * @param location the call site
		 * @param createdNanos when the span started
		 * @param stoppedNanos when it stopped
		 * @param createdThread the thread it started on
		 * @param createdThreadId the id of that thread
		 * @param outcome how a task ended
		 * @param error whether it recorded an error
		 * @param times a task's times
		 * @param polls its polls
		 * @param droppedPolls how many polls were not kept
		 * @param events its events
		 * @param droppedEvents how many events were not kept
		 */
		public Span {
			polls = List.copyOf(polls);
			events = List.copyOf(events);
		}

		/**
		 * Whether the span is a task ({@code tracetools.task}).
		 * @return whether it is a task
		 */
		public boolean isTask() {
			return this.taskId != null;
		}

	}

	/**
	 * One poll of a span: a busy section, from the opening of its scope on a thread to
	 * its closing.
	 *
	 * @param startNanos when the scope opened
	 * @param endNanos when it closed, or {@code null} while it is open
	 * @param thread the name of the thread
	 * @param threadId the id of the thread
	 * @param wakeNanos for tasks, when the task was last woken before this poll (its
	 * submission, the end of its delay, the start of a periodic run); {@code null} for
	 * other spans. The time from the wake (or the previous poll's end, if later) to the
	 * start is the time the task was scheduled but waiting for a thread.
	 * @param blockedNanos how long, at the end of the poll (or up to now, for a poll in
	 * progress), the task held its thread waiting for a future
	 */
	public record Poll(long startNanos, @Nullable Long endNanos, String thread, long threadId, @Nullable Long wakeNanos,
			long blockedNanos) {

	}

	/**
	 * A task's state and times, in nanoseconds, from the task model every view reads:
	 * {@code busy + scheduled + idle == total}.
	 *
	 * @param state {@code scheduled}, {@code running}, {@code blocked}, {@code idle} or
	 * {@code done}
	 * @param totalNanos from submission to the end (or to the snapshot)
	 * @param busyNanos the sum of poll durations (blocked time included)
	 * @param scheduledNanos the time woken and waiting for a thread
	 * @param idleNanos the rest
	 * @param blockedNanos the part of busy the task held its thread waiting for a future
	 */
	public record TaskTimes(String state, long totalNanos, long busyNanos, long scheduledNanos, long idleNanos,
			long blockedNanos) {

	}

	/**
	 * An event of a span.
	 *
	 * @param timeNanos when it happened
	 * @param thread the name of the thread it happened on
	 * @param threadId the id of that thread
	 * @param name the event's name: {@code log} for log records (the logging layer's
	 * events), {@code error} for errors, otherwise the {@code Observation.Event}'s name
	 * @param message the event's text: its contextual name (for a log record,
	 * {@code LEVEL logger: message}), cut at the recorder's maximum length
	 */
	public record Event(long timeNanos, String thread, long threadId, String name, String message) {

	}

}
