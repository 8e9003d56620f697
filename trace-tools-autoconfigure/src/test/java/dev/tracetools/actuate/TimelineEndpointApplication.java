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

package dev.tracetools.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose one request fans out {@code @Async} work: each lookup logs a line
 * (a span event) on its worker and returns a future that the request completes later, so
 * its task is polled twice (the run on a worker, then the completion on the request's
 * thread).
 *
 * @author trace-tools
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
class TimelineEndpointApplication {

	@Bean
	PendingLookups pendingLookups() {
		return new PendingLookups();
	}

	@Bean
	Lookups lookups(ObjectProvider<ObservationRegistry> registry, PendingLookups pending) {
		return new Lookups(registry, pending);
	}

	/**
	 * {@code @Async} lookups whose results arrive later: each returns a pending future
	 * that the request completes once every lookup has returned.
	 */
	static class Lookups {

		private final ObjectProvider<ObservationRegistry> registry;

		private final PendingLookups pending;

		Lookups(ObjectProvider<ObservationRegistry> registry, PendingLookups pending) {
			this.registry = registry;
			this.pending = pending;
		}

		@Async
		public CompletableFuture<String> lookup(String user) {
			Observation current = this.registry.getObject().getCurrentObservation();
			if (current != null) {
				// What the logging layer does with a log record written here.
				current.event(Observation.Event.of("log", "INFO Lookups: looking up <" + user + ">"));
			}
			busy(2);
			return this.pending.add(user);
		}

		private static void busy(long millis) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
		}

	}

	/**
	 * The futures the lookups returned, completed by the request.
	 */
	static class PendingLookups {

		private final Queue<Map.Entry<String, CompletableFuture<String>>> pending = new ConcurrentLinkedQueue<>();

		CompletableFuture<String> add(String user) {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.add(Map.entry(user, result));
			return result;
		}

		void completeWhenReturned(int count) {
			// Each lookup has returned its future once Spring's async interceptor waits
			// on
			// it (a thread blocked in get() is a dependent of the future).
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.pending.size() == count
						&& this.pending.stream().allMatch((lookup) -> lookup.getValue().getNumberOfDependents() > 0));
			for (int i = 0; i < count; i++) {
				Map.Entry<String, CompletableFuture<String>> lookup = this.pending.poll();
				if (lookup != null) {
					lookup.getValue().complete("profile of " + lookup.getKey());
				}
			}
		}

	}

	/**
	 * The request that fans out (registered as a member class of this configuration).
	 */
	@RestController
	static class FanOutController {

		private final Lookups lookups;

		private final PendingLookups pending;

		FanOutController(Lookups lookups, PendingLookups pending) {
			this.lookups = lookups;
			this.pending = pending;
		}

		@GetMapping("/fan-out")
		String fanOut() {
			List<CompletableFuture<String>> lookups = List.of(this.lookups.lookup("ada"), this.lookups.lookup("grace"),
					this.lookups.lookup("linus"));
			this.pending.completeWhenReturned(lookups.size());
			return String.join(", ", lookups.stream().map(CompletableFuture::join).toList());
		}

	}

}
