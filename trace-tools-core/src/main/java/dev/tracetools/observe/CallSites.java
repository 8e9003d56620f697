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

import java.lang.StackWalker.StackFrame;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves the caller of an instrumented call, the way Rust's {@code #[track_caller]}
 * does, and caches the answer per call site.
 * <p>
 * Walking the stack costs about a microsecond, too much for every task. A lambda or a
 * method reference has a class of its own per source location, so the location of a task
 * is cached per task class ({@link ClassValue}: one lookup, no lock): the first
 * submission of a class walks the stack, later ones reuse the answer. A class that is
 * submitted from several places is named after the first. Tasks whose class is shared by
 * many call sites (the JDK's and Spring's own wrappers, such as
 * {@code CompletableFuture}'s) are resolved by walking the stack on every submission, and
 * the frame found is cached per (class, method, bytecode index) so that only the walk is
 * paid.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class CallSites {

	private static final int MAX_CACHED_FRAMES = 4096;

	private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static final CallSite UNKNOWN = new CallSite("unknown", null, null, null, 0);

	private static final ClassValue<CallSite> BY_TASK_CLASS = new ClassValue<>() {

		@Override
		protected CallSite computeValue(Class<?> type) {
			return walk().orElseGet(() -> BY_OWN_CLASS.get(type));
		}

	};

	private static final ClassValue<CallSite> BY_OWN_CLASS = new ClassValue<>() {

		@Override
		protected CallSite computeValue(Class<?> type) {
			String name = type.getName().substring(type.getName().lastIndexOf('.') + 1);
			return new CallSite(name, type.getName(), null, null, 0);
		}

	};

	private static final ConcurrentMap<FrameKey, CallSite> BY_FRAME = new ConcurrentHashMap<>();

	private CallSites() {
	}

	/**
	 * Return the call site that submitted a task of the given class: cached per class,
	 * unless the class is shared infrastructure.
	 * @param taskClass the class of the submitted task
	 * @return the call site, never {@code null}
	 */
	public static CallSite ofTask(Class<?> taskClass) {
		if (isShared(taskClass)) {
			// A continuation that the JDK submits when a future completes has no caller
			// of
			// ours on the stack: it is named after its own class.
			return walk().orElseGet(() -> BY_OWN_CLASS.get(taskClass));
		}
		return BY_TASK_CLASS.get(taskClass);
	}

	/**
	 * Return the first frame on the current stack that is not instrumentation, JDK,
	 * Spring or Micrometer code.
	 * @return the call site, never {@code null}
	 */
	public static CallSite caller() {
		return walk().orElse(UNKNOWN);
	}

	private static Optional<CallSite> walk() {
		Optional<StackFrame> frame = WALKER.walk((frames) -> frames.filter(CallSites::isCaller).findFirst());
		return frame.map(CallSites::toCallSite);
	}

	private static CallSite toCallSite(StackFrame frame) {
		FrameKey key = new FrameKey(frame.getDeclaringClass(), frame.getMethodName(), frame.getByteCodeIndex());
		CallSite cached = BY_FRAME.get(key);
		if (cached != null) {
			return cached;
		}
		Class<?> type = frame.getDeclaringClass();
		String method = methodName(frame.getMethodName());
		CallSite site = new CallSite(simpleName(type) + "." + method, type.getName(), method, frame.getFileName(),
				frame.getLineNumber());
		if (BY_FRAME.size() < MAX_CACHED_FRAMES) {
			BY_FRAME.putIfAbsent(key, site);
		}
		return site;
	}

	/**
	 * Return the name trace-tools uses for a class in span names: its simple name, as
	 * {@link Class#getSimpleName()} gives it, for a lambda the class it was declared in,
	 * for an anonymous class its enclosing class.
	 * @param type the class
	 * @return the name
	 */
	public static String simpleName(Class<?> type) {
		return simpleName(type.getName());
	}

	static String simpleName(String className) {
		String name = className;
		int lambda = name.indexOf("$$Lambda");
		if (lambda > 0) {
			name = name.substring(0, lambda);
		}
		int proxy = name.indexOf("$$");
		if (proxy > 0) {
			name = name.substring(0, proxy);
		}
		name = name.substring(name.lastIndexOf('.') + 1);
		// A nested class is named as Class#getSimpleName() would; an anonymous one keeps
		// its enclosing class.
		int nested = name.lastIndexOf('$');
		if (nested > 0 && nested < name.length() - 1 && !Character.isDigit(name.charAt(nested + 1))) {
			name = name.substring(nested + 1);
		}
		return name;
	}

	private static String methodName(String method) {
		// javac names a lambda body lambda$<enclosing method>$<n>
		if (method.startsWith("lambda$")) {
			int end = method.indexOf('$', 7);
			return (end > 7) ? method.substring(7, end) : method;
		}
		return method;
	}

	private static boolean isCaller(StackFrame frame) {
		Class<?> type = frame.getDeclaringClass();
		return !isShared(type) && !type.getNestHost().isAnnotationPresent(Instrumentation.class) && !type.isSynthetic()
				&& !type.getName().contains("$$");
	}

	private static boolean isShared(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.") || name.startsWith("org.springframework.")
				|| name.startsWith("io.micrometer.") || name.startsWith("org.aopalliance.")
				|| name.startsWith("reactor.") || name.startsWith("kotlin.") || name.startsWith("kotlinx.");
	}

	private record FrameKey(Class<?> type, String method, int bytecodeIndex) {

	}

}
