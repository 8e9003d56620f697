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

/**
 * Simulated work: CPU spinning (busy time) and sleeping.
 *
 * @author trace-tools
 */
final class Spin {

	private static volatile long sink;

	private Spin() {
	}

	static void cpu(long nanos) {
		long end = System.nanoTime() + nanos;
		long x = 0;
		while (System.nanoTime() < end) {
			// Arithmetic between the clock reads: JDK 17's execution sampler almost never
			// samples a thread in a loop of nanoTime() calls (5 samples in 3 s at 20 ms,
			// against 140 with this loop), so mode=cpu would show a fraction of its CPU.
			for (int i = 1; i < 1000; i++) {
				x += (x ^ i) % 7;
			}
		}
		sink = x;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
