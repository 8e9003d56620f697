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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/**
 * Looks users up asynchronously, the way the classic Spring guide's
 * {@code GitHubLookupService} does, with simulated CPU work and waiting.
 *
 * @author trace-tools
 */
@Service
public class UserLookupService {

	private static final Logger logger = LoggerFactory.getLogger(UserLookupService.class);

	private final ProfileScorer scorer;

	UserLookupService(ProfileScorer scorer) {
		this.scorer = scorer;
	}

	/**
	 * Find a user: spins a little CPU, waits a little, then scores the profile.
	 * @param name the user name
	 * @return the user's profile
	 */
	@Async("lookupExecutor")
	public CompletableFuture<String> findUser(String name) {
		logger.info("Looking up {}", name);
		Spin.cpu(TimeUnit.MILLISECONDS.toNanos(2 + ThreadLocalRandom.current().nextInt(3)));
		Spin.sleep(5);
		int score = this.scorer.score(name);
		logger.info("Found {} with score {}", name, score);
		return CompletableFuture.completedFuture(name + ":" + score);
	}

}
