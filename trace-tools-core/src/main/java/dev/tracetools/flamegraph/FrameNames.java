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

import java.util.function.Function;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Names frames: the {@code observed.name} of trace-tools spans (with the call site, if
 * asked for); for other observations the name the options' function gives, else the
 * contextual name, else {@code Class.method} from {@code code.namespace} and
 * {@code code.function}, else the observation's name. A frame never contains {@code ;}
 * (the folded format's separator, replaced by {@code ,}), a line break or another control
 * character (each replaced by a space), so that every folded line is one stack.
 *
 * @author trace-tools
 */
final class FrameNames {

	/** The frame that stands for stacks folded away by the bound. */
	static final String OTHER = "[other]";

	private static final String UNNAMED = "(unnamed)";

	private static final CallSite.Derived<String> FRAME = new CallSite.Derived<>((site) -> sanitize(site.name()));

	private static final CallSite.Derived<String> FRAME_WITH_LOCATION = new CallSite.Derived<>(
			(site) -> sanitize(site.name() + "(" + site.location() + ")"));

	private final boolean fileAndLine;

	private final @Nullable Function<Observation.Context, @Nullable String> custom;

	FrameNames(FlamegraphOptions options) {
		this.fileAndLine = options.fileAndLine();
		this.custom = options.frameNames();
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
			return (this.fileAndLine ? FRAME_WITH_LOCATION : FRAME).get(span.getCallSite());
		}
		String name = (this.custom != null) ? this.custom.apply(context) : null;
		if (name == null || name.isEmpty()) {
			name = context.getContextualName();
		}
		if (name == null || name.isEmpty()) {
			name = codeName(context);
		}
		if (name == null || name.isEmpty()) {
			name = context.getName();
		}
		return sanitize(name);
	}

	/**
	 * Name an observation that carries the code it runs ({@code code.namespace} and
	 * {@code code.function}, as Spring's {@code tasks.scheduled.execution} does from its
	 * start, while its contextual name is only set when it stops) as trace-tools names
	 * its tasks: {@code ReportJob.report}.
	 */
	private static @Nullable String codeName(Observation.Context context) {
		KeyValue namespace = context.getLowCardinalityKeyValue(SpanKeys.CODE_NAMESPACE);
		KeyValue function = context.getLowCardinalityKeyValue(SpanKeys.CODE_FUNCTION);
		if (namespace == null || function == null || KeyValue.NONE_VALUE.equals(function.getValue())) {
			return null;
		}
		String type = namespace.getValue();
		int proxy = type.indexOf("$$");
		if (proxy > 0) {
			type = type.substring(0, proxy);
		}
		type = type.substring(type.lastIndexOf('.') + 1);
		type = type.substring(type.lastIndexOf('$') + 1);
		return type + "." + function.getValue();
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
		return sanitize("[" + name + "]");
	}

	/**
	 * Make a name safe as a frame of a folded stack: {@code ;} becomes {@code ,}, each
	 * control character and line or paragraph separator becomes a space; an empty name
	 * becomes {@code (unnamed)}. Returns the given string when it is safe already.
	 * @param name the name
	 * @return the frame text
	 */
	static String sanitize(@Nullable String name) {
		if (name == null || name.isEmpty()) {
			return UNNAMED;
		}
		int length = name.length();
		int first = 0;
		while (first < length && !isUnsafe(name.charAt(first))) {
			first++;
		}
		if (first == length) {
			return name;
		}
		StringBuilder safe = new StringBuilder(length).append(name, 0, first);
		for (int i = first; i < length; i++) {
			char c = name.charAt(i);
			safe.append((c == ';') ? ',' : isUnsafe(c) ? ' ' : c);
		}
		return safe.toString();
	}

	private static boolean isUnsafe(char c) {
		return c == ';' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
	}

}
