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

package dev.tracetools.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Produces each of the console's warnings on demand: {@code GET /demo/block}
 * ({@code long-poll}), {@code /demo/stuck} ({@code stuck}), {@code /demo/saturate}
 * ({@code scheduling-delay}), {@code /demo/fail} ({@code failed}) and
 * {@code /demo/reject} ({@code rejected}).
 *
 * @author trace-tools
 */
@RestController
public class WarningsDemoController {

	private static final Logger logger = LoggerFactory.getLogger(WarningsDemoController.class);

	private final ThreadPoolTaskExecutor slowExecutor;

	private final ThreadPoolTaskExecutor tinyExecutor;

	private final Waiter waiter;

	WarningsDemoController(ThreadPoolTaskExecutor slowExecutor, ThreadPoolTaskExecutor tinyExecutor, Waiter waiter) {
		this.slowExecutor = slowExecutor;
		this.tinyExecutor = tinyExecutor;
		this.waiter = waiter;
	}

	@GetMapping("/demo/block")
	Map<String, Object> block(@RequestParam(defaultValue = "1500") long millis) {
		this.slowExecutor.execute(() -> {
			logger.info("Blocking a worker for {} ms", millis);
			sleep(millis);
		});
		return Map.of("warning", "long-poll", "millis", millis);
	}

	@GetMapping("/demo/stuck")
	Map<String, Object> stuck() {
		this.waiter.waitForever();
		return Map.of("warning", "stuck", "waiting", this.waiter.pending());
	}

	@GetMapping("/demo/stuck/release")
	Map<String, Object> release() {
		int released = this.waiter.releaseAll();
		return Map.of("released", released);
	}

	@GetMapping("/demo/saturate")
	Map<String, Object> saturate(@RequestParam(defaultValue = "20") int tasks) {
		for (int i = 0; i < tasks; i++) {
			this.slowExecutor.execute(() -> sleep(200));
		}
		return Map.of("warning", "scheduling-delay", "tasks", tasks);
	}

	@GetMapping("/demo/fail")
	Map<String, Object> fail() {
		this.slowExecutor.execute(() -> {
			logger.warn("About to fail");
			throw new IllegalStateException("Demo failure");
		});
		return Map.of("warning", "failed");
	}

	@GetMapping("/demo/reject")
	Map<String, Object> reject() {
		int submitted = 0;
		try {
			for (; submitted < 10; submitted++) {
				this.tinyExecutor.execute(() -> sleep(500));
			}
		}
		catch (RejectedExecutionException ex) {
			return Map.of("warning", "rejected", "acceptedBeforeRejection", submitted);
		}
		return Map.of("warning", "none", "submitted", submitted);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * {@code @Async} methods whose futures complete only on request.
	 */
	@Service
	static class Waiter {

		private final List<CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();

		@Async("slowExecutor")
		public CompletableFuture<String> waitForever() {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.pending.add(future);
			return future;
		}

		/**
		 * How many futures wait. A method, not the field: this bean is an {@code @Async}
		 * proxy, whose own fields are empty.
		 * @return the number of pending futures
		 */
		public int pending() {
			return this.pending.size();
		}

		int releaseAll() {
			List<CompletableFuture<String>> released = List.copyOf(this.pending);
			this.pending.removeAll(released);
			released.forEach((future) -> future.complete("released"));
			return released.size();
		}

	}

	/**
	 * The executors of the warnings demo: a small pool for blocking and saturating work,
	 * and a pool with one thread and no queue that rejects.
	 */
	@Configuration(proxyBeanMethods = false)
	static class WarningsExecutors {

		@Bean
		ThreadPoolTaskExecutor slowExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setMaxPoolSize(2);
			executor.setThreadNamePrefix("slow-");
			return executor;
		}

		@Bean
		ThreadPoolTaskExecutor tinyExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(0);
			executor.setThreadNamePrefix("tiny-");
			return executor;
		}

	}

}
