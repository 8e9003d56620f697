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

import java.util.concurrent.CompletableFuture;

import dev.tracetools.TraceTools;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application whose requests spawn {@code @Async} tasks, for the flamegraph
 * endpoint's HTTP and browser tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ FlamegraphTestApplication.Orders.class, FlamegraphTestApplication.Shipping.class })
class FlamegraphTestApplication {

	/** A span name that would run script if a page put it into markup unescaped. */
	static final String SCRIPT_NAME = "<script>window.pwned=1;alert(1)</script>";

	/** A span name that would end a script element if put into one unescaped. */
	static final String SCRIPT_END_NAME = "</script><script>window.pwned2=1</script>";

	static void spin(long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	@RestController
	static class Orders {

		private final Shipping shipping;

		Orders(Shipping shipping) {
			this.shipping = shipping;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable int id) {
			spin(5);
			return this.shipping.ship(id).join();
		}

		@GetMapping("/evil")
		String evil() {
			TraceTools.observe(SCRIPT_NAME, () -> spin(3)).run();
			TraceTools.observe(SCRIPT_END_NAME, () -> spin(3)).run();
			return "evil";
		}

	}

	static class Shipping {

		@Async
		public CompletableFuture<String> ship(int id) {
			spin(10);
			return CompletableFuture.completedFuture("shipped " + id);
		}

	}

}
