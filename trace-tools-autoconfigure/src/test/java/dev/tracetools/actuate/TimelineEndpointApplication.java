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

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

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
 * (a span event) on its worker and returns a future that completes later, so its task is
 * polled twice (the run, then the completion).
 *
 * @author trace-tools
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
class TimelineEndpointApplication {

	@Bean
	Lookups lookups(ObjectProvider<ObservationRegistry> registry) {
		return new Lookups(registry);
	}

	/**
	 * {@code @Async} lookups.
	 */
	static class Lookups {

		private final ObjectProvider<ObservationRegistry> registry;

		Lookups(ObjectProvider<ObservationRegistry> registry) {
			this.registry = registry;
		}

		@Async
		public CompletableFuture<String> lookup(String user) {
			Observation current = this.registry.getObject().getCurrentObservation();
			if (current != null) {
				// What the logging layer does with a log record written here.
				current.event(Observation.Event.of("log", "INFO Lookups: looking up <" + user + ">"));
			}
			busy(2);
			return CompletableFuture.supplyAsync(() -> "profile of " + user,
					CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS));
		}

		private static void busy(long millis) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
		}

	}

	/**
	 * The request that fans out (registered as a member class of this configuration).
	 */
	@RestController
	static class FanOutController {

		private final Lookups lookups;

		FanOutController(Lookups lookups) {
			this.lookups = lookups;
		}

		@GetMapping("/fan-out")
		String fanOut() {
			List<CompletableFuture<String>> lookups = List.of(this.lookups.lookup("ada"), this.lookups.lookup("grace"),
					this.lookups.lookup("linus"));
			return String.join(", ", lookups.stream().map(CompletableFuture::join).toList());
		}

	}

}
