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

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A Spring Boot web application that shows every trace-tools feature: {@code @Async}
 * fan-out and {@code CompletableFuture} chains on a custom executor, an {@code @Observe}d
 * service, a {@code @Scheduled} job and logs inside tasks.
 *
 * @author trace-tools
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class DemoApplication {

	/**
	 * The executor of the demo's {@code @Async} methods and future chains; a plain
	 * {@code ThreadPoolTaskExecutor} bean, instrumented by trace-tools as it is.
	 * @return the executor
	 */
	@Bean
	ThreadPoolTaskExecutor lookupExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(4);
		executor.setMaxPoolSize(4);
		executor.setQueueCapacity(500);
		executor.setThreadNamePrefix("lookup-");
		return executor;
	}

	/**
	 * Start the demo.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
