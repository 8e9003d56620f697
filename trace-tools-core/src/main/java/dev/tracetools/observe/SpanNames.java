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

package dev.tracetools.observe;

import java.util.List;
import java.util.ServiceLoader;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Names a span, the one name that the flamegraph, the console, the timeline, their JSON
 * and the log lines all show for it:
 * <ol>
 * <li>a trace-tools span (a task, an {@code @Async} or {@code @Observe} method,
 * {@code TraceTools.observe}): its {@code observed.name};</li>
 * <li>an observation that runs a method an {@link ObservationDescriber} knows (Spring's
 * {@code @Scheduled} runs) or that carries {@code code.namespace} and
 * {@code code.function}: {@code SimpleClass.method}, as trace-tools names an
 * {@code @Async} method (Spring's contextual name for a {@code @Scheduled} run is only
 * set when it stops);</li>
 * <li>otherwise its contextual name ({@code http get /users/{id}}), or while it runs and
 * has none yet, the one an {@link ObservationDescriber} tells (conventions set it only
 * when the observation stops);</li>
 * <li>otherwise the observation's name.</li>
 * </ol>
 * A name never contains {@code ;} (replaced by {@code ,}), a line break or another
 * control character (each replaced by a space), so that it is one frame of a folded stack
 * and one token of a log line; an empty name is {@code (unnamed)}.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanNames {

	private static final String UNNAMED = "(unnamed)";

	private SpanNames() {
	}

	/**
	 * Return the name of a span. The name of an observation of another library can change
	 * once, when it stops and its convention sets its contextual name, if no
	 * {@link ObservationDescriber} told that name before.
	 * @param context the span's context
	 * @return the name, safe as a frame and in a log line
	 */
	public static String nameOf(Observation.ContextView context) {
		if (context instanceof ObservedSpanContext span) {
			// Sanitised once, when its call site was made.
			return span.getObservedName();
		}
		CallSite method = describedMethod(context);
		if (method != null) {
			return method.name();
		}
		String name = codeName(context);
		if (name == null) {
			name = context.getContextualName();
		}
		if (name == null || name.isEmpty()) {
			name = describedContextualName(context);
		}
		if (name == null || name.isEmpty()) {
			name = context.getName();
		}
		return sanitize(name);
	}

	/**
	 * Return the method a span runs, if it is known: the call site of a trace-tools span,
	 * or the method an {@link ObservationDescriber} tells for another observation.
	 * @param context the span's context
	 * @return the call site, or {@code null}
	 */
	public static @Nullable CallSite methodOf(Observation.ContextView context) {
		if (context instanceof ObservedSpanContext span) {
			return span.getCallSite();
		}
		return describedMethod(context);
	}

	private static @Nullable CallSite describedMethod(Observation.ContextView context) {
		for (ObservationDescriber describer : Describers.ALL) {
			CallSite method = describer.method(context);
			if (method != null) {
				return method;
			}
		}
		return null;
	}

	private static @Nullable String describedContextualName(Observation.ContextView context) {
		for (ObservationDescriber describer : Describers.ALL) {
			String name = describer.contextualName(context);
			if (name != null) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Name an observation that carries the code it runs ({@code code.namespace} and
	 * {@code code.function}) as trace-tools names a method: {@code ReportJob.report}.
	 */
	private static @Nullable String codeName(Observation.ContextView context) {
		KeyValue namespace = context.getLowCardinalityKeyValue(SpanKeys.CODE_NAMESPACE);
		KeyValue function = context.getLowCardinalityKeyValue(SpanKeys.CODE_FUNCTION);
		if (namespace == null || function == null || KeyValue.NONE_VALUE.equals(function.getValue())) {
			return null;
		}
		return CallSites.simpleName(namespace.getValue()) + "." + function.getValue();
	}

	/**
	 * Make a name safe as a frame of a folded stack and as a token of a log line:
	 * {@code ;} becomes {@code ,}, each control character and line or paragraph separator
	 * becomes a space; an empty name becomes {@code (unnamed)}. Returns the given string
	 * when it is safe already.
	 * @param name the name
	 * @return the safe name
	 */
	public static String sanitize(@Nullable String name) {
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

	/**
	 * The describers, looked up on the class path when a name first needs them, not when
	 * the first call site is made.
	 */
	private static final class Describers {

		static final List<ObservationDescriber> ALL = ServiceLoader
			.load(ObservationDescriber.class, SpanNames.class.getClassLoader())
			.stream()
			.map(ServiceLoader.Provider::get)
			.toList();

	}

}
