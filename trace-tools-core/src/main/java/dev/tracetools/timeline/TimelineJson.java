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

/**
 * Writes a {@link Timeline} as plain JSON, the format the timeline page reads back (a
 * saved file replays offline). Times are microseconds (with nanosecond decimals) since
 * {@code origin}, the first span's creation rounded down to the millisecond, given as
 * epoch milliseconds and as an ISO-8601 instant: <pre class="code">
 * {"format":"trace-tools-timeline","version":1,"origin":1795312800123,
 *  "originTime":"2026-11-22T01:20:00.123Z","captured":5230.5,...,
 *  "spans":[{"id":3,"taskId":17,"parentId":1,"name":"UserLookupService.lookup",
 *    "observation":"tracetools.task","kind":"async","executor":"applicationTaskExecutor",
 *    "location":"UsersController.java:42","created":120.25,"stopped":4810,
 *    "createdThread":"http-nio-8080-exec-1","outcome":"SUCCESS","error":false,
 *    "polls":[{"start":130,"end":1200.5,"thread":"task-1","wake":120.25}],"droppedPolls":0,
 *    "events":[{"time":400,"thread":"task-1","name":"log","message":"INFO c.e.Users: found"}],
 *    "droppedEvents":0}]}
 * </pre>
 *
 * @author trace-tools
 */
final class TimelineJson {

	/** The value of the {@code format} field. */
	static final String FORMAT = "trace-tools-timeline";

	private TimelineJson() {
	}

	static String write(Timeline timeline) {
		long origin = originOf(timeline);
		StringBuilder out = new StringBuilder(256 + 512 * timeline.spans().size());
		JsonText json = new JsonText(out).begin()
			.field("format", FORMAT)
			.field("version", 1)
			.field("origin", origin / 1_000_000)
			.field("originTime", Instant.ofEpochSecond(0, origin).toString())
			.micros("captured", timeline.capturedNanos(), origin)
			.field("totalSpans", timeline.totalSpans())
			.field("evictedSpans", timeline.evictedSpans())
			.field("droppedSpans", timeline.droppedSpans())
			.field("openEvictedSpans", timeline.openEvictedSpans())
			.field("retainedBytes", timeline.retainedBytes())
			.field("maxSpans", timeline.options().maxSpans())
			.field("maxBytes", timeline.options().maxBytes())
			.beginArray("spans");
		for (Timeline.Span span : timeline.spans()) {
			json.begin()
				.field("id", span.id())
				.field("taskId", span.taskId())
				.field("parentId", span.parentId())
				.field("name", span.name())
				.field("observation", span.observation())
				.field("kind", span.kind())
				.field("executor", span.executor())
				.field("location", span.location())
				.micros("created", span.createdNanos(), origin)
				.micros("stopped", span.stoppedNanos(), origin)
				.field("createdThread", span.createdThread())
				.field("outcome", span.outcome())
				.field("error", span.error());
			Timeline.TaskTimes times = span.times();
			if (times != null) {
				// The task model's times, as the console shows them (exact: microseconds
				// with
				// three decimals).
				json.field("state", times.state())
					.micros("total", times.totalNanos(), 0)
					.micros("busy", times.busyNanos(), 0)
					.micros("scheduled", times.scheduledNanos(), 0)
					.micros("idle", times.idleNanos(), 0)
					.micros("blocked", times.blockedNanos(), 0);
			}
			json.beginArray("polls");
			for (Timeline.Poll poll : span.polls()) {
				json.begin()
					.micros("start", poll.startNanos(), origin)
					.micros("end", poll.endNanos(), origin)
					.field("thread", poll.thread())
					.micros("wake", poll.wakeNanos(), origin)
					.micros("blocked", poll.blockedNanos(), 0)
					.end();
			}
			json.endArray().field("droppedPolls", span.droppedPolls()).beginArray("events");
			for (Timeline.Event event : span.events()) {
				json.begin()
					.micros("time", event.timeNanos(), origin)
					.field("thread", event.thread())
					.field("name", event.name())
					.field("message", event.message())
					.end();
			}
			json.endArray().field("droppedEvents", span.droppedEvents()).end();
		}
		json.endArray().end();
		return out.toString();
	}

	/**
	 * The origin of the relative times: the first span's creation, rounded down to the
	 * millisecond.
	 */
	static long originOf(Timeline timeline) {
		long start = timeline.startNanos();
		return start - Math.floorMod(start, 1_000_000L);
	}

}
