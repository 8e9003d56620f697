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

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Durations}: tracing-subscriber's {@code TimingDisplay}.
 *
 * @author trace-tools
 */
class DurationsTests {

	/** The pattern tracing-subscriber's own tests match close lines with. */
	private static final Pattern TRACING_SUBSCRIBER_TIMING = Pattern.compile("([0-9.]+)[mµn]s");

	@ParameterizedTest
	@CsvSource({ "0, 0.00ns", "5, 5.00ns", "9, 9.00ns", "10, 10.0ns", "45, 45.0ns", "99, 99.0ns", "100, 100ns",
			"789, 789ns", "999, 999ns", "1000, 1.00µs", "1234, 1.23µs", "1235, 1.24µs", "45600, 45.6µs",
			"456000, 456µs", "999499, 999µs", "1230000, 1.23ms", "20300000, 20.3ms", "123456789, 123ms",
			"1000000000, 1.00s", "12300000000, 12.3s", "999000000000, 999s" })
	void formatsLikeTracingSubscriber(long nanos, String expected) {
		assertThat(Durations.format(nanos)).isEqualTo(expected);
	}

	@Test
	void valueJustUnderAUnitRoundsUpWithinThatUnitAsRustDoes() {
		// 999.999µs is below 1000 so Rust prints it with no decimals: 1000µs.
		assertThat(Durations.format(999_999)).isEqualTo("1000µs");
	}

	@Test
	void fromOneThousandSecondsOnPrintsWholeSeconds() {
		assertThat(Durations.format(1_000_000_000_000L)).isEqualTo("1000s");
		assertThat(Durations.format(4_321_400_000_000L)).isEqualTo("4321s");
	}

	@Test
	void tiesRoundToEven() {
		// 1.5µs and 2.5µs are exact in binary: Rust rounds ties to even.
		assertThat(Durations.format(100_500)).isEqualTo("100µs");
		assertThat(Durations.format(101_500)).isEqualTo("102µs");
	}

	@Test
	void usesTheMicroSign() {
		assertThat(Durations.format(456_000)).contains("\u00b5s");
	}

	@Test
	void everyFormatMatchesTracingSubscribersPattern() {
		for (long nanos = 1; nanos < 100_000_000_000L; nanos = nanos * 7 + 3) {
			assertThat(Durations.format(nanos)).matches(TRACING_SUBSCRIBER_TIMING.pattern() + "|[0-9.]+s");
		}
	}

}
