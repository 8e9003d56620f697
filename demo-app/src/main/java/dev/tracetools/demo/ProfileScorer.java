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

import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.Observe;

import org.springframework.stereotype.Component;

/**
 * Scores a user profile; its method is an {@code @Observe}d span.
 *
 * @author trace-tools
 */
@Component
public class ProfileScorer {

	/**
	 * Score a profile, spinning some CPU.
	 * @param name the user name
	 * @return the score
	 */
	@Observe
	public int score(String name) {
		Spin.cpu(TimeUnit.MILLISECONDS.toNanos(3));
		return Math.abs(name.hashCode() % 100);
	}

}
