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

package dev.tracetools.flamegraph;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folded stacks ({@code frame;frame <count>} lines, as {@code ?format=folded} answers)
 * parsed and merged. The format is additive: the flamegraph of several instances is the
 * sum of their folded stacks, stack by stack, which is what {@link #merge(List)} computes
 * (and {@code scripts/merge-folded.sh} from the command line).
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class FoldedStacks {

	private FoldedStacks() {
	}

	/**
	 * Parse folded stacks: one stack per line, frames joined by {@code ;}, then a space
	 * and a non-negative count. Frames may contain spaces (the count follows the last
	 * one); blank lines are skipped; a stack that appears on several lines is counted
	 * once with the sum.
	 * @param folded the folded text
	 * @return the count of each stack, sorted by stack
	 * @throws IllegalArgumentException if a line is not a stack and a count
	 */
	public static Map<String, Long> parse(CharSequence folded) {
		Map<String, Long> counts = new TreeMap<>();
		add(counts, folded);
		return Collections.unmodifiableMap(counts);
	}

	/**
	 * Merge the folded stacks of several instances into one: the count of every stack is
	 * the sum of its counts.
	 * @param outputs the folded text of each instance
	 * @return the merged folded text, one line per stack, sorted by stack
	 * @throws IllegalArgumentException if a line is not a stack and a count
	 */
	public static String merge(List<? extends CharSequence> outputs) {
		Map<String, Long> counts = new TreeMap<>();
		for (CharSequence output : outputs) {
			add(counts, output);
		}
		StringBuilder merged = new StringBuilder();
		counts.forEach((stack, count) -> merged.append(stack).append(' ').append(count).append('\n'));
		return merged.toString();
	}

	private static void add(Map<String, Long> counts, CharSequence folded) {
		String[] lines = folded.toString().split("\r?\n");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			int space = line.lastIndexOf(' ');
			long count = (space > 0) ? count(line.substring(space + 1)) : -1;
			if (count < 0) {
				throw new IllegalArgumentException(
						"Line " + (i + 1) + " is not a folded stack ('frame;frame <count>'): " + line);
			}
			counts.merge(line.substring(0, space).stripTrailing(), count, Math::addExact);
		}
	}

	private static long count(String text) {
		if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return -1;
		}
		return Long.parseLong(text);
	}

}
