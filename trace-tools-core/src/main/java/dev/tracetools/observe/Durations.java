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

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats durations as tracing-subscriber's {@code TimingDisplay} does in its
 * {@code close} lines: the value is stepped through {@code ns}, {@code µs}, {@code ms}
 * and {@code s} until it is below 1000, then printed with two decimals below 10, one
 * below 100 and none below 1000 ({@code 5.00ns}, {@code 1.23ms}, {@code 45.6µs},
 * {@code 456µs}, {@code 12.3s}); from 1000 s on, whole seconds ({@code 4321s}). Rounding
 * is to the nearest, ties to even, on the exact value of the double, as Rust's formatter
 * does; like Rust, a value just under a unit boundary can print as {@code 1000µs}.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class Durations {

	private static final String[] UNITS = { "ns", "µs", "ms", "s" };

	private Durations() {
	}

	/**
	 * Format a duration as tracing-subscriber does.
	 * @param nanos the duration in nanoseconds
	 * @return the formatted duration, such as {@code 1.23ms}
	 */
	public static String format(long nanos) {
		double value = nanos;
		for (String unit : UNITS) {
			if (value < 10.0) {
				return decimal(value, 2) + unit;
			}
			if (value < 100.0) {
				return decimal(value, 1) + unit;
			}
			if (value < 1000.0) {
				return decimal(value, 0) + unit;
			}
			value /= 1000.0;
		}
		return decimal(value * 1000.0, 0) + "s";
	}

	private static String decimal(double value, int decimals) {
		return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
	}

}
