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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import org.jspecify.annotations.Nullable;

/**
 * The Java frames of a sample as the flamegraph shows them on top of a span:
 * {@code Class.method}, outermost first, without the frames that are the same under every
 * span (the thread's and executor's plumbing up to the span's own entry point, and the
 * framework frames between that entry point and the user's code).
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class JavaFrames {

	/** The frame that stands for the frames JDK Flight Recorder's stack depth cut off. */
	static final String TRUNCATED = "[truncated]";

	/** The frame that stands for the observation handlers' own work inside a span. */
	static final String INSTRUMENTATION = "[trace-tools]";

	private static final Set<String> HANDLER_CALLBACKS = Set.of("onStart", "onStop", "onError", "onEvent",
			"onScopeOpened", "onScopeClosed", "onScopeReset");

	/**
	 * Classes that open a span's scope: the innermost frame of one of them is a span's
	 * entry point, and the frames outside it belong to the thread, not the span.
	 */
	private static final String[] ENTRY_POINTS = { "dev.tracetools.executor.", "dev.tracetools.observe.",
			"dev.tracetools.aop.", "dev.tracetools.TraceTools", "io.micrometer.observation.",
			"org.springframework.web.filter.ServerHttpObservationFilter",
			"org.springframework.web.server.adapter.HttpWebHandlerAdapter" };

	/**
	 * Plumbing between a span's entry point and the user's code: left out while it comes
	 * first.
	 */
	private static final String[] PLUMBING = { "java.util.concurrent.", "java.lang.reflect.", "jdk.internal.reflect.",
			"org.springframework.aop.", "org.springframework.cglib.", "org.springframework.web.",
			"org.springframework.security.", "org.springframework.scheduling.", "org.springframework.util.",
			"org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.", "jakarta.servlet.",
			"org.eclipse.jetty.", "io.undertow." };

	private static final String[] JDK = { "java.", "javax.", "jdk.", "sun.", "com.sun." };

	private JavaFrames() {
	}

	/**
	 * The frames of a CPU sample under its span.
	 * @param trace the sample's stack trace
	 * @return the frames, outermost first
	 */
	static List<String> ofSample(@Nullable RecordedStackTrace trace) {
		return frames(trace, false);
	}

	/**
	 * The blocking call each wait event stands for, when its stack does not show it (on
	 * recent JDKs, events committed from Java start their stack at the caller).
	 */
	private static final Map<String, String> BLOCKING_CALLS = Map.of("jdk.ThreadSleep", "Thread.sleep",
			"jdk.ThreadPark", "LockSupport.park", "jdk.JavaMonitorEnter", "[monitor enter]", "jdk.JavaMonitorWait",
			"Object.wait", "jdk.SocketRead", "[socket read]", "jdk.FileRead", "[file read]");

	/**
	 * The blocking stack of a wait under its span: as {@link #ofSample}, with the JDK's
	 * innermost frames folded into the JDK method the user's code called
	 * ({@code UsersController.users;CompletableFuture.join}). The blocking call ends the
	 * stack, named after the event if the stack's innermost frame is the user's code.
	 * @param trace the wait's stack trace
	 * @param event the wait event's name, such as {@code jdk.ThreadSleep}
	 * @return the frames, outermost first
	 */
	static List<String> ofWait(@Nullable RecordedStackTrace trace, String event) {
		List<String> frames = frames(trace, true);
		String call = BLOCKING_CALLS.get(event);
		boolean shown = trace != null && !trace.getFrames().isEmpty()
				&& startsWithAny(trace.getFrames().get(0).getMethod().getType().getName(), JDK);
		if (call == null || shown) {
			return frames;
		}
		List<String> withCall = new ArrayList<>(frames);
		withCall.add(call);
		return withCall;
	}

	/**
	 * The innermost Java method of a sample, where its thread was running.
	 * @param trace the sample's stack trace
	 * @return the method, or {@code null} if the trace has no Java frame
	 */
	static @Nullable String selfMethod(@Nullable RecordedStackTrace trace) {
		if (trace != null) {
			for (RecordedFrame frame : trace.getFrames()) {
				if (frame.isJavaFrame()) {
					return name(frame);
				}
			}
		}
		return null;
	}

	private static List<String> frames(@Nullable RecordedStackTrace trace, boolean foldJdk) {
		if (trace == null) {
			return List.of();
		}
		// Innermost first, as JDK Flight Recorder lists them.
		List<String> classes = new ArrayList<>();
		List<RecordedFrame> frames = new ArrayList<>();
		for (RecordedFrame frame : trace.getFrames()) {
			// Lambdas, method handles and reflection are plumbing wherever they stand
			// (on JDK 18+ reflection calls through method handles and hidden classes):
			// the method they call follows.
			if (frame.isJavaFrame() && !isInvocationPlumbing(frame.getMethod().getType().getName())) {
				frames.add(frame);
				classes.add(frame.getMethod().getType().getName());
			}
		}
		int end = frames.size();
		for (int i = 0; i < frames.size(); i++) {
			if (startsWithAny(classes.get(i), ENTRY_POINTS)) {
				end = i;
				break;
			}
		}
		boolean entryFound = end < frames.size();
		int start = 0;
		if (foldJdk) {
			while (start + 1 < end && startsWithAny(classes.get(start), JDK)
					&& startsWithAny(classes.get(start + 1), JDK)) {
				start++;
			}
		}
		int outermost = end - 1;
		if (entryFound) {
			while (outermost > start && startsWithAny(classes.get(outermost), PLUMBING)) {
				outermost--;
			}
		}
		if (entryFound && outermost >= start && isHandlerCallback(frames.get(outermost))) {
			// The layers' own work inside the span's scope (an observation handler called
			// by Micrometer): one frame, not their methods.
			return List.of(INSTRUMENTATION);
		}
		List<String> names = new ArrayList<>(outermost - start + 2);
		if (!entryFound && trace.isTruncated()) {
			names.add(TRUNCATED);
		}
		for (int i = outermost; i >= start; i--) {
			names.add(name(frames.get(i)));
		}
		return names;
	}

	/**
	 * A frame as {@code Class.method}: the class's simple name (nested classes keep their
	 * outer class, proxies lose their generated suffix).
	 */
	static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		int proxy = type.indexOf("$$");
		if (proxy > 0) {
			type = type.substring(0, proxy);
		}
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

	/**
	 * The pool a thread belongs to, from its name: {@code http-nio-8080-exec} for
	 * {@code http-nio-8080-exec-3}, {@code task} for {@code task-1}.
	 * @param threadName the thread's name
	 * @return the pool's name
	 */
	static String pool(@Nullable String threadName) {
		if (threadName == null || threadName.isEmpty()) {
			return "[unnamed]";
		}
		int end = threadName.length();
		while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
			end--;
		}
		while (end > 0 && "-_#. ".indexOf(threadName.charAt(end - 1)) >= 0) {
			end--;
		}
		return (end > 0) ? threadName.substring(0, end) : threadName;
	}

	private static boolean isHandlerCallback(RecordedFrame frame) {
		return HANDLER_CALLBACKS.contains(frame.getMethod().getName());
	}

	private static boolean isInvocationPlumbing(String type) {
		return type.contains("$$Lambda") || type.startsWith("0x") || type.contains("LambdaForm$")
				|| type.startsWith("java.lang.invoke.") || type.startsWith("jdk.internal.reflect.");
	}

	private static boolean startsWithAny(String type, String[] prefixes) {
		for (String prefix : prefixes) {
			if (type.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
