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

import dev.tracetools.executor.TaskContext;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.observe.SpanNames;
import io.micrometer.observation.Observation;

/**
 * Names frames with the span's one name, {@link SpanNames#nameOf} (for trace-tools spans
 * with the call site, if asked for). A frame never contains {@code ;} (the folded
 * format's separator), a line break or another control character, so that every folded
 * line is one stack.
 *
 * @author trace-tools
 */
final class FrameNames {

	/** The frame that stands for stacks folded away by the bound. */
	static final String OTHER = "[other]";

	private static final CallSite.Derived<String> FRAME_WITH_LOCATION = new CallSite.Derived<>(
			(site) -> SpanNames.sanitize(site.name() + "(" + site.location() + ")"));

	private final boolean fileAndLine;

	FrameNames(FlamegraphOptions options) {
		this.fileAndLine = options.fileAndLine();
	}

	/**
	 * Whether the frame of the given context can be named when the span starts (its name
	 * is final then), rather than when it is first needed.
	 * @param context the context
	 * @return whether the name is known at start
	 */
	static boolean isNamedAtStart(Observation.Context context) {
		return context instanceof ObservedSpanContext;
	}

	String frameOf(Observation.Context context) {
		if (context instanceof ObservedSpanContext span) {
			// Named once per call site, not at every span start.
			return this.fileAndLine ? FRAME_WITH_LOCATION.get(span.getCallSite()) : span.getObservedName();
		}
		return SpanNames.nameOf(context);
	}

	static FrameKind kindOf(Observation.Context context) {
		if (context instanceof TaskContext || SpanKeys.SCHEDULED_OBSERVATION.equals(context.getName())) {
			return FrameKind.TASK;
		}
		return (context instanceof ObservedSpanContext) ? FrameKind.OBSERVE : FrameKind.OBSERVATION;
	}

	static String threadFrame(Thread thread) {
		String name = thread.getName();
		if (name.isEmpty()) {
			// Virtual threads have no name by default: one frame for all of them, not one
			// per thread (that is, per task).
			name = thread.getClass().getName().equals("java.lang.VirtualThread") ? "virtual"
					: "thread-" + thread.getId();
		}
		return SpanNames.sanitize("[" + name + "]");
	}

}
