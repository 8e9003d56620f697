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

import org.jspecify.annotations.Nullable;

/**
 * A minimal JSON writer for the timeline's two JSON formats: strings escaped so that the
 * text is also safe inside an HTML {@code <script>} element, and times written as
 * microseconds with nanosecond decimals.
 *
 * @author trace-tools
 */
final class JsonText {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final StringBuilder out;

	private boolean first = true;

	JsonText(StringBuilder out) {
		this.out = out;
	}

	JsonText begin() {
		comma();
		this.out.append('{');
		this.first = true;
		return this;
	}

	JsonText end() {
		this.out.append('}');
		this.first = false;
		return this;
	}

	JsonText beginArray(String name) {
		key(name);
		this.out.append('[');
		this.first = true;
		return this;
	}

	JsonText endArray() {
		this.out.append(']');
		this.first = false;
		return this;
	}

	JsonText beginObject(String name) {
		key(name);
		this.out.append('{');
		this.first = true;
		return this;
	}

	JsonText field(String name, @Nullable String value) {
		key(name);
		if (value == null) {
			this.out.append("null");
		}
		else {
			string(this.out, value);
		}
		return this;
	}

	JsonText field(String name, long value) {
		key(name);
		this.out.append(value);
		return this;
	}

	JsonText field(String name, @Nullable Long value) {
		key(name);
		this.out.append((value != null) ? value.toString() : "null");
		return this;
	}

	JsonText field(String name, boolean value) {
		key(name);
		this.out.append(value);
		return this;
	}

	/**
	 * Write a time as microseconds since an origin, with three decimals (nanoseconds).
	 */
	JsonText micros(String name, @Nullable Long nanos, long originNanos) {
		key(name);
		if (nanos == null) {
			this.out.append("null");
		}
		else {
			appendMicros(this.out, nanos - originNanos);
		}
		return this;
	}

	private void key(String name) {
		comma();
		string(this.out, name);
		this.out.append(':');
		this.first = false;
	}

	private void comma() {
		if (!this.first) {
			this.out.append(',');
		}
	}

	static void appendMicros(StringBuilder out, long nanos) {
		if (nanos < 0) {
			out.append('-');
			nanos = -nanos;
		}
		out.append(nanos / 1000);
		long fraction = nanos % 1000;
		if (fraction != 0) {
			out.append('.');
			if (fraction < 100) {
				out.append('0');
			}
			if (fraction < 10) {
				out.append('0');
			}
			out.append(fraction);
		}
	}

	static void string(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
						out.append("\\u")
							.append(HEX[(c >> 12) & 0xF])
							.append(HEX[(c >> 8) & 0xF])
							.append(HEX[(c >> 4) & 0xF])
							.append(HEX[c & 0xF]);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
