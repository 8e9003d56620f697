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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo/users}: fans out one {@code @Async} lookup per user, then a
 * {@code CompletableFuture} chain on the same executor that merges the results.
 *
 * @author trace-tools
 */
@RestController
public class UsersController {

	private static final Logger logger = LoggerFactory.getLogger(UsersController.class);

	private final UserLookupService lookups;

	private final ThreadPoolTaskExecutor lookupExecutor;

	UsersController(UserLookupService lookups, ThreadPoolTaskExecutor lookupExecutor) {
		this.lookups = lookups;
		this.lookupExecutor = lookupExecutor;
	}

	@GetMapping("/demo/users")
	List<String> users(@RequestParam(defaultValue = "alice,bob,carol,dave") List<String> names) {
		logger.info("Fanning out {} lookups", names.size());
		List<CompletableFuture<String>> lookups = names.stream().map(this.lookups::findUser).toList();
		CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
		// The whole chain exists before it starts, so that its shape does not depend on
		// timing: starting it submits the merge step from the request thread (a task
		// named after this method, child of the request); the rank step is submitted by
		// the JDK when the merge step completes, inside its task (a task named after the
		// JDK's continuation class, child of the merge step). Chained onto a running
		// stage instead, the rank step would be submitted from here if the merge step
		// had already completed, and from the worker otherwise.
		CompletableFuture<Void> start = new CompletableFuture<>();
		CompletableFuture<List<String>> ranked = start.thenApplyAsync((ignored) -> merge(lookups), this.lookupExecutor)
			.thenApplyAsync(this::rank, this.lookupExecutor);
		start.complete(null);
		return ranked.join();
	}

	private List<String> merge(List<CompletableFuture<String>> lookups) {
		Spin.cpu(TimeUnit.MILLISECONDS.toNanos(1));
		return lookups.stream().map(CompletableFuture::join).toList();
	}

	private List<String> rank(List<String> users) {
		Spin.cpu(TimeUnit.MILLISECONDS.toNanos(1));
		return users.stream().sorted().toList();
	}

}
