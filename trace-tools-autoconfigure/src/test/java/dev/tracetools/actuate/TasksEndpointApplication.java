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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An application for the endpoint's web and browser tests: one instrumented pool, and
 * tasks that run, fail, or block until released.
 *
 * @author trace-tools
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class TasksEndpointApplication {

	@Bean
	ThreadPoolTaskExecutor workers() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setThreadNamePrefix("worker-");
		return executor;
	}

	@Bean
	Jobs jobs(ThreadPoolTaskExecutor workers) {
		return new Jobs(workers);
	}

	/**
	 * Submits named tasks (each from its own method, so that its call site names it).
	 */
	static class Jobs {

		private final ThreadPoolTaskExecutor workers;

		Jobs(ThreadPoolTaskExecutor workers) {
			this.workers = workers;
		}

		void quick() throws Exception {
			this.workers.submit(() -> sleep(2)).get();
		}

		void slow() throws Exception {
			this.workers.submit(() -> sleep(30)).get();
		}

		void failing() throws Exception {
			try {
				this.workers.submit(() -> {
					throw new IllegalStateException("boom");
				}).get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				// expected
			}
		}

		void blocking(CountDownLatch release) {
			this.workers.execute(() -> {
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
