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

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * Where a span was created: the counterpart of the location that Rust's
 * {@code #[track_caller]} gives. The JVM has no column, so there is no {@code loc.col}.
 * Instances are cached per call site and carry their key values ready made, so that a
 * span built from a cached call site allocates none of them.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class CallSite {

	private static final String UNKNOWN_FILE = "unknown";

	private final String name;

	private final @Nullable String namespace;

	private final @Nullable String function;

	private final String file;

	private final int line;

	private final KeyValues keyValues;

	private final KeyValues codeKeyValues;

	private final String location;

	// The values of every Derived created so far; a Derived created later grows it once.
	private volatile AtomicReferenceArray<@Nullable Object> derived = new AtomicReferenceArray<>(Derived.count());

	private volatile @Nullable CallSite renamed;

	/**
	 * Create a call site.
	 * @param name the span name derived from it ({@code SimpleClassName.method}), made
	 * safe by {@link SpanNames#sanitize(String)}
	 * @param namespace the fully qualified class name, if known
	 * @param function the method name, if known
	 * @param file the source file name, or {@code null} if unknown
	 * @param line the line number, or a negative value if unknown
	 */
	public CallSite(String name, @Nullable String namespace, @Nullable String function, @Nullable String file,
			int line) {
		this.name = SpanNames.sanitize(name);
		this.namespace = namespace;
		this.function = function;
		this.file = (file != null) ? file : UNKNOWN_FILE;
		this.line = Math.max(line, 0);
		this.location = this.file + ":" + this.line;
		this.keyValues = KeyValues.of(KeyValue.of(SpanKeys.OBSERVED_NAME, this.name),
				KeyValue.of(SpanKeys.LOC_FILE, this.file), KeyValue.of(SpanKeys.LOC_LINE, Integer.toString(this.line)));
		KeyValues code = this.keyValues;
		if (namespace != null) {
			code = code.and(KeyValue.of(SpanKeys.CODE_NAMESPACE, namespace));
		}
		if (function != null) {
			code = code.and(KeyValue.of(SpanKeys.CODE_FUNCTION, function));
		}
		this.codeKeyValues = code;
	}

	/**
	 * Return a copy of this call site under another span name.
	 * @param name the span name
	 * @return a call site at the same location
	 */
	public CallSite withName(String name) {
		String safe = SpanNames.sanitize(name);
		if (safe.equals(this.name)) {
			return this;
		}
		// A call site is nearly always renamed to the same name: keep the last one.
		CallSite last = this.renamed;
		if (last != null && last.name.equals(safe)) {
			return last;
		}
		CallSite site = new CallSite(safe, this.namespace, this.function, this.file, this.line);
		this.renamed = site;
		return site;
	}

	/**
	 * The span name derived from the call site, {@code SimpleClassName.method}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The fully qualified name of the class of the call site.
	 * @return the class name, or {@code null} if unknown
	 */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/**
	 * The method of the call site.
	 * @return the method name, or {@code null} if unknown
	 */
	public @Nullable String function() {
		return this.function;
	}

	/**
	 * The source file name, {@code unknown} if the class has no debug information.
	 * @return the file name
	 */
	public String file() {
		return this.file;
	}

	/**
	 * The line number, {@code 0} if unknown.
	 * @return the line
	 */
	public int line() {
		return this.line;
	}

	/**
	 * The location, {@code File.java:42}, as logs and the console show it.
	 * @return the location
	 */
	public String location() {
		return this.location;
	}

	KeyValues keyValues() {
		return this.keyValues;
	}

	KeyValues codeKeyValues() {
		return this.codeKeyValues;
	}

	private AtomicReferenceArray<@Nullable Object> derivedValues(int index) {
		AtomicReferenceArray<@Nullable Object> values = this.derived;
		if (index < values.length()) {
			return values;
		}
		synchronized (this) {
			values = this.derived;
			if (index >= values.length()) {
				AtomicReferenceArray<@Nullable Object> grown = new AtomicReferenceArray<>(
						Math.max(Derived.count(), index + 1));
				for (int i = 0; i < values.length(); i++) {
					grown.set(i, values.get(i));
				}
				this.derived = grown;
				values = grown;
			}
			return values;
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + this.location + ")";
	}

	/**
	 * A value derived from a call site and cached on it, such as a layer's frame name or
	 * the key values of the tasks submitted there. A call site is created once per task
	 * class or method, so what a layer would otherwise compute at every span start is
	 * computed once. Each instance takes the next slot of every call site, with no limit:
	 * declare them as constants.
	 *
	 * @param <T> the type of the value
	 */
	public static final class Derived<T> {

		private static final AtomicInteger COUNT = new AtomicInteger();

		private final int index;

		private final Function<CallSite, T> function;

		/**
		 * Create a derived value.
		 * @param function computes the value of a call site (may run more than once per
		 * call site when threads race; it must not have side effects)
		 */
		public Derived(Function<CallSite, T> function) {
			this.index = COUNT.getAndIncrement();
			this.function = function;
		}

		static int count() {
			return COUNT.get();
		}

		/**
		 * The value for a call site, computed on first use.
		 * @param site the call site
		 * @return the value
		 */
		@SuppressWarnings("unchecked")
		public T get(CallSite site) {
			AtomicReferenceArray<@Nullable Object> values = site.derivedValues(this.index);
			Object value = values.get(this.index);
			if (value == null) {
				value = this.function.apply(site);
				values.set(this.index, value);
			}
			return (T) value;
		}

	}

}
