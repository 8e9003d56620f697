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

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link Timeline} in the Chrome Trace Event format (JSON object form), which
 * Perfetto and {@code chrome://tracing} open unchanged:
 * <ul>
 * <li>one complete event ({@code "ph":"X"}) per poll, on the thread that ran it, with
 * {@code dur};</li>
 * <li>a nestable async begin/end pair ({@code "b"}/{@code "e"}, {@code id} = span id) per
 * span for its lifetime, from start to stop (or to the capture, while it runs);</li>
 * <li>one thread-scoped instant event ({@code "i"}) per span event (log records,
 * errors);</li>
 * <li>a flow ({@code "s"} on the thread that created the span, {@code "f"} binding to its
 * first poll) from a span's creation inside its parent to its first poll;</li>
 * <li>{@code process_name} and {@code thread_name} metadata events ({@code "M"}).</li>
 * </ul>
 * Timestamps are microseconds (with nanosecond decimals) since the first span's creation
 * rounded down to the millisecond, given as {@code otherData.origin}.
 *
 * @author trace-tools
 */
final class ChromeTrace {

	static final int PID = 1;

	private static final int MAX_INSTANT_NAME = 120;

	private ChromeTrace() {
	}

	static String write(Timeline timeline) {
		long origin = TimelineJson.originOf(timeline);
		StringBuilder out = new StringBuilder(256 + 1024 * timeline.spans().size());
		JsonText json = new JsonText(out).begin()
			.field("displayTimeUnit", "ms")
			.beginObject("otherData")
			.field("source", "trace-tools timeline")
			.field("origin", Instant.ofEpochSecond(0, origin).toString())
			.end()
			.beginArray("traceEvents");
		json.begin()
			.field("ph", "M")
			.field("name", "process_name")
			.field("pid", PID)
			.field("tid", 0)
			.field("ts", 0)
			.beginObject("args")
			.field("name", "trace-tools")
			.end()
			.end();
		Map<Long, String> threads = new LinkedHashMap<>();
		for (Timeline.Span span : timeline.spans()) {
			threads.putIfAbsent(span.createdThreadId(), span.createdThread());
			for (Timeline.Poll poll : span.polls()) {
				threads.putIfAbsent(poll.threadId(), poll.thread());
			}
			for (Timeline.Event event : span.events()) {
				threads.putIfAbsent(event.threadId(), event.thread());
			}
		}
		threads.forEach((id, name) -> json.begin()
			.field("ph", "M")
			.field("name", "thread_name")
			.field("pid", PID)
			.field("tid", id)
			.field("ts", 0)
			.beginObject("args")
			.field("name", name)
			.end()
			.end());
		Set<Long> ids = new HashSet<>();
		for (Timeline.Span span : timeline.spans()) {
			ids.add(span.id());
		}
		for (Timeline.Span span : timeline.spans()) {
			writeSpan(json, span, timeline, ids, origin);
		}
		json.endArray().end();
		return out.toString();
	}

	private static void writeSpan(JsonText json, Timeline.Span span, Timeline timeline, Set<Long> ids, long origin) {
		long end = (span.stoppedNanos() != null) ? span.stoppedNanos() : timeline.capturedNanos();
		json.begin()
			.field("ph", "b")
			.field("cat", span.kind())
			.field("name", span.name())
			.field("id", span.id())
			.field("pid", PID)
			.field("tid", span.createdThreadId())
			.micros("ts", span.createdNanos(), origin)
			.beginObject("args")
			.field("span", span.id())
			.field("task", span.taskId())
			.field("parent", span.parentId())
			.field("observation", span.observation())
			.field("executor", span.executor())
			.field("location", span.location())
			.field("outcome", span.outcome())
			.field("running", span.stoppedNanos() == null)
			.end()
			.end();
		json.begin()
			.field("ph", "e")
			.field("cat", span.kind())
			.field("name", span.name())
			.field("id", span.id())
			.field("pid", PID)
			.field("tid", span.createdThreadId())
			.micros("ts", Math.max(end, span.createdNanos()), origin)
			.end();
		List<Timeline.Poll> polls = span.polls();
		for (int i = 0; i < polls.size(); i++) {
			Timeline.Poll poll = polls.get(i);
			long pollEnd = (poll.endNanos() != null) ? poll.endNanos() : timeline.capturedNanos();
			json.begin()
				.field("ph", "X")
				.field("cat", span.kind())
				.field("name", span.name())
				.field("pid", PID)
				.field("tid", poll.threadId())
				.micros("ts", poll.startNanos(), origin)
				.micros("dur", Math.max(pollEnd, poll.startNanos()), poll.startNanos())
				.beginObject("args")
				.field("span", span.id())
				.field("task", span.taskId())
				.field("poll", span.droppedPolls() + i + 1)
				.micros("wake", poll.wakeNanos(), origin)
				.field("running", poll.endNanos() == null)
				.end()
				.end();
		}
		for (Timeline.Event event : span.events()) {
			String message = event.message();
			json.begin()
				.field("ph", "i")
				.field("s", "t")
				.field("cat", event.name())
				.field("name",
						(message.length() > MAX_INSTANT_NAME) ? message.substring(0, MAX_INSTANT_NAME) + "…" : message)
				.field("pid", PID)
				.field("tid", event.threadId())
				.micros("ts", event.timeNanos(), origin)
				.beginObject("args")
				.field("span", span.id())
				.field("message", message)
				.end()
				.end();
		}
		if (span.parentId() != null && ids.contains(span.parentId()) && !polls.isEmpty() && span.droppedPolls() == 0) {
			Timeline.Poll first = polls.get(0);
			json.begin()
				.field("ph", "s")
				.field("cat", "spawn")
				.field("name", "spawn")
				.field("id", span.id())
				.field("pid", PID)
				.field("tid", span.createdThreadId())
				.micros("ts", span.createdNanos(), origin)
				.end();
			json.begin()
				.field("ph", "f")
				.field("bp", "e")
				.field("cat", "spawn")
				.field("name", "spawn")
				.field("id", span.id())
				.field("pid", PID)
				.field("tid", first.threadId())
				.micros("ts", first.startNanos(), origin)
				.end();
		}
	}

}
