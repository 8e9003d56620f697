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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Merging the folded stacks of several instances: {@link FoldedStacks} and
 * {@code scripts/merge-folded.sh}.
 */
class FoldedStacksTests {

	private static final String INSTANCE_1 = """
			GET /users/{id} 120
			GET /users/{id};UserLookupService.lookup 3400
			GET /users/{id};UserLookupService.lookup;ProfileScorer.score 800
			ReportJob.run 50
			""";

	private static final String INSTANCE_2 = """
			GET /users/{id} 80
			GET /users/{id};UserLookupService.lookup 1600
			GET /users/{id};UserLookupService.lookup;ProfileScorer.score 200
			GET /orders 7
			""";

	private static final File SCRIPT = new File("../scripts/merge-folded.sh");

	@Test
	void mergeAddsTheCountsOfEachStack() {
		Map<String, Long> merged = FoldedStacks.parse(FoldedStacks.merge(List.of(INSTANCE_1, INSTANCE_2)));
		assertThat(merged).containsExactly(Map.entry("GET /orders", 7L), Map.entry("GET /users/{id}", 200L),
				Map.entry("GET /users/{id};UserLookupService.lookup", 5000L),
				Map.entry("GET /users/{id};UserLookupService.lookup;ProfileScorer.score", 1000L),
				Map.entry("ReportJob.run", 50L));
	}

	@Test
	void mergedTotalIsTheSumOfTheInstancesTotals() {
		long total1 = total(FoldedStacks.parse(INSTANCE_1));
		long total2 = total(FoldedStacks.parse(INSTANCE_2));
		String merged = FoldedStacks.merge(List.of(INSTANCE_1, INSTANCE_2));
		assertThat(total1).isEqualTo(4370);
		assertThat(total2).isEqualTo(1887);
		assertThat(total(FoldedStacks.parse(merged))).isEqualTo(total1 + total2);
	}

	@Test
	void mergeWritesOneSortedLinePerStack() {
		assertThat(FoldedStacks.merge(List.of(INSTANCE_1, INSTANCE_2))).isEqualTo("""
				GET /orders 7
				GET /users/{id} 200
				GET /users/{id};UserLookupService.lookup 5000
				GET /users/{id};UserLookupService.lookup;ProfileScorer.score 1000
				ReportJob.run 50
				""");
	}

	@Test
	void parseAcceptsBlankLinesCarriageReturnsAndRepeatedStacks() {
		assertThat(FoldedStacks.parse("a;b 2\r\n\r\na;b 3\r\nc 1")).containsExactly(Map.entry("a;b", 5L),
				Map.entry("c", 1L));
	}

	@Test
	void parseRejectsALineWithoutACountNamingTheLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> FoldedStacks.parse("a;b 2\nnot a stack\n"))
			.withMessage("Line 2 is not a folded stack ('frame;frame <count>'): not a stack");
		assertThatIllegalArgumentException().isThrownBy(() -> FoldedStacks.parse("a;b -2"))
			.withMessageContaining("Line 1");
	}

	@Test
	@EnabledIf("scriptCanRun")
	void scriptMergesFilesAsTheJavaHelperDoes(@TempDir Path directory) throws Exception {
		Path first = Files.writeString(directory.resolve("instance-1.folded"), INSTANCE_1);
		// The second instance's output lacks its final line break.
		Path second = Files.writeString(directory.resolve("instance-2.folded"), INSTANCE_2.stripTrailing());
		Process script = new ProcessBuilder("bash", SCRIPT.getPath(), first.toString(), second.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(script.exitValue()).isZero();
		assertThat(output).isEqualTo(FoldedStacks.merge(List.of(INSTANCE_1, INSTANCE_2)));
	}

	@Test
	@EnabledIf("scriptCanRun")
	void scriptFailsOnALineWithoutACount(@TempDir Path directory) throws Exception {
		Path bad = Files.writeString(directory.resolve("bad.folded"), "a;b 2\nnot a stack\n");
		Process script = new ProcessBuilder("bash", SCRIPT.getPath(), bad.toString()).redirectErrorStream(true).start();
		String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(script.exitValue()).isNotZero();
		assertThat(output).contains("not a folded stack", "not a stack");
	}

	static boolean scriptCanRun() throws IOException, InterruptedException {
		if (!SCRIPT.isFile()) {
			return false;
		}
		Process check = new ProcessBuilder("bash", "-c", "command -v awk && command -v sort").start();
		check.getInputStream().readAllBytes();
		return check.waitFor() == 0;
	}

	private static long total(Map<String, Long> stacks) {
		return stacks.values().stream().mapToLong(Long::longValue).sum();
	}

}
