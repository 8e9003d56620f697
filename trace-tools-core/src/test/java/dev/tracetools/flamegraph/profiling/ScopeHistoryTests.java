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

import java.lang.ref.WeakReference;
import java.time.Duration;

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ScopeHistory}.
 *
 * @author trace-tools
 */
class ScopeHistoryTests {

	private final ScopeHistory scopes = new ScopeHistory(16);

	private final long threadId = Thread.currentThread().getId();

	@Test
	void aTimeFindsTheSpanOpenOnTheThreadThen() {
		Observation.Context request = new Observation.Context();
		Observation.Context task = new Observation.Context();
		this.scopes.scopeOpened(request, 100);
		this.scopes.scopeOpened(task, 200);
		this.scopes.scopeClosed(task, 300);
		this.scopes.scopeClosed(request, 400);
		assertThat(this.scopes.spanAt(this.threadId, 50)).isNull();
		assertThat(this.scopes.spanAt(this.threadId, 150)).isSameAs(request);
		assertThat(this.scopes.spanAt(this.threadId, 250)).isSameAs(task);
		assertThat(this.scopes.spanAt(this.threadId, 350)).isSameAs(request);
		assertThat(this.scopes.spanAt(this.threadId, 450)).isNull();
	}

	@Test
	void spansOpenOnlyBeforeTheAttributedTimeAreForgottenAtTheThreadsNextEvent() {
		Observation.Context first = new Observation.Context();
		Observation.Context second = new Observation.Context();
		this.scopes.scopeOpened(first, 100);
		this.scopes.scopeClosed(first, 200);
		this.scopes.scopeOpened(second, 300);
		this.scopes.forgetBefore(350);
		this.scopes.scopeClosed(second, 400);
		assertThat(this.scopes.spanAt(this.threadId, 150)).isSameAs(ScopeHistory.UNKNOWN);
		assertThat(this.scopes.spanAt(this.threadId, 250)).isSameAs(ScopeHistory.UNKNOWN);
		assertThat(this.scopes.spanAt(this.threadId, 320)).as("its interval ends after the attributed time")
			.isSameAs(second);
		assertThat(this.scopes.spanAt(this.threadId, 450)).isNull();
	}

	@Test
	void theNewestEventIsKeptForAWaitThatEndsLater() {
		Observation.Context waiting = new Observation.Context();
		this.scopes.scopeOpened(waiting, 100);
		this.scopes.forgetBefore(10_000);
		// The wait ends, the thread opens its next scope; the wait is read after that.
		this.scopes.scopeOpened(new Observation.Context(), 20_000);
		this.scopes.forgetBefore(19_000);
		assertThat(this.scopes.spanAt(this.threadId, 10_050)).as("the middle of the wait").isSameAs(waiting);
	}

	@Test
	void spansOfAThreadIdleSinceTheAttributedTimeAreForgottenButForItsNewestEvent() {
		Observation.Context first = new Observation.Context();
		Observation.Context last = new Observation.Context();
		this.scopes.scopeOpened(first, 100);
		this.scopes.scopeClosed(first, 200);
		this.scopes.scopeOpened(last, 300);
		this.scopes.forgetBefore(1_000);
		assertThat(this.scopes.spanAt(this.threadId, 150)).isSameAs(ScopeHistory.UNKNOWN);
		assertThat(this.scopes.spanAt(this.threadId, 250)).isSameAs(ScopeHistory.UNKNOWN);
		assertThat(this.scopes.spanAt(this.threadId, 2_000)).isSameAs(last);
		this.scopes.scopeClosed(last, 3_000);
		assertThat(this.scopes.spanAt(this.threadId, 2_000)).isSameAs(last);
		assertThat(this.scopes.spanAt(this.threadId, 4_000)).isNull();
	}

	@Test
	void aForgottenSpanCanBeCollected() {
		WeakReference<Observation.Context> span = openAndClose(this.scopes);
		this.scopes.forgetBefore(System.nanoTime());
		Observation.Context next = new Observation.Context();
		this.scopes.scopeOpened(next, System.nanoTime());
		this.scopes.scopeClosed(next, System.nanoTime());
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return span.get() == null;
		});
	}

	private static WeakReference<Observation.Context> openAndClose(ScopeHistory scopes) {
		Observation.Context span = new Observation.Context();
		scopes.scopeOpened(span, System.nanoTime());
		scopes.scopeClosed(span, System.nanoTime());
		return new WeakReference<>(span);
	}

}
