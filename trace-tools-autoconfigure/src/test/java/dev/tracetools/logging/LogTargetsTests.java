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

package dev.tracetools.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LogTargets}.
 *
 * @author trace-tools
 */
class LogTargetsTests {

	@Test
	void withNoTargetEveryLoggerIsRecordedAtEveryLevel() {
		LogTargets targets = LogTargets.all();
		assertThat(targets.isEnabled("com.example.Jobs", Level.TRACE)).isTrue();
		assertThat(targets.isEnabled("org.springframework.Foo", Level.ERROR)).isTrue();
	}

	@Test
	void withTargetsOnlyLoggersUnderATargetAreRecordedFromItsLevelUp() {
		LogTargets targets = LogTargets.builder()
			.target("com.example", Level.INFO)
			.target("com.example.jobs", Level.DEBUG)
			.build();
		assertThat(targets.isEnabled("com.example.Web", Level.INFO)).isTrue();
		assertThat(targets.isEnabled("com.example.Web", Level.DEBUG)).isFalse();
		assertThat(targets.isEnabled("com.example.jobs.Crunch", Level.DEBUG)).isTrue();
		assertThat(targets.isEnabled("com.example.jobs.Crunch", Level.TRACE)).isFalse();
		assertThat(targets.isEnabled("org.springframework.Foo", Level.ERROR)).isFalse();
	}

	@Test
	void aTargetMatchesWholeNameSegmentsOnly() {
		LogTargets targets = LogTargets.builder().target("com.example", Level.TRACE).build();
		assertThat(targets.isEnabled("com.example", Level.INFO)).isTrue();
		assertThat(targets.isEnabled("com.example.Jobs", Level.INFO)).isTrue();
		assertThat(targets.isEnabled("com.example.Jobs$Inner", Level.INFO)).isTrue();
		assertThat(targets.isEnabled("com.examples.Jobs", Level.INFO)).isFalse();
	}

	@Test
	void rootSetsTheLevelOfEveryOtherLogger() {
		LogTargets targets = LogTargets.builder().target("root", Level.WARN).target("com.example", Level.DEBUG).build();
		assertThat(targets.isEnabled("org.springframework.Foo", Level.WARN)).isTrue();
		assertThat(targets.isEnabled("org.springframework.Foo", Level.INFO)).isFalse();
		assertThat(targets.isEnabled("com.example.Jobs", Level.DEBUG)).isTrue();
	}

	@Test
	void exclusionsTurnLoggersOffAsInTraceToolsLoggingExample() {
		// trace-tools' examples/logging.rs: target_filters(["logging::filtered"]) and
		// target_exclusions(["logging::filtered::excluded"]).
		LogTargets targets = LogTargets.builder()
			.target("logging.filtered", Level.INFO)
			.exclude("logging.filtered.excluded")
			.build();
		assertThat(targets.isEnabled("logging.filtered", Level.INFO)).isTrue();
		assertThat(targets.isEnabled("logging.filtered.Other", Level.WARN)).isTrue();
		assertThat(targets.isEnabled("logging.filtered.excluded", Level.ERROR)).isFalse();
		assertThat(targets.isEnabled("logging.filtered.excluded.Deeper", Level.ERROR)).isFalse();
		assertThat(targets.isEnabled("logging.unfiltered", Level.ERROR)).isFalse();
	}

	@Test
	void exclusionsAloneKeepEveryOtherLogger() {
		LogTargets targets = LogTargets.builder().exclude("org.hibernate").build();
		assertThat(targets.isEnabled("org.hibernate.SQL", Level.ERROR)).isFalse();
		assertThat(targets.isEnabled("com.example.Jobs", Level.TRACE)).isTrue();
	}

	@Test
	void aLongerTargetReenablesPartOfAnExclusion() {
		LogTargets targets = LogTargets.builder()
			.exclude("com.example")
			.target("com.example.important", Level.INFO)
			.build();
		assertThat(targets.isEnabled("com.example.Noise", Level.ERROR)).isFalse();
		assertThat(targets.isEnabled("com.example.important.Jobs", Level.INFO)).isTrue();
	}

	@Test
	void anExclusionReplacesATargetOfTheSameName() {
		LogTargets targets = LogTargets.builder().target("com.example", Level.INFO).exclude("com.example").build();
		assertThat(targets.isEnabled("com.example.Jobs", Level.ERROR)).isFalse();
	}

	@Test
	void emptyNamesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LogTargets.builder().target(" ", Level.INFO));
		assertThatIllegalArgumentException().isThrownBy(() -> LogTargets.builder().exclude(""));
	}

}
