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

package dev.tracetools.aot;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.tracetools.actuate.FlamegraphEndpoint;
import dev.tracetools.actuate.ParameterError;
import dev.tracetools.actuate.TasksEndpoint;
import dev.tracetools.tasks.ConsoleSnapshot;
import dev.tracetools.tasks.TaskDetails;
import dev.tracetools.tasks.TaskView;
import org.junit.jupiter.api.Test;

import org.springframework.aop.SpringProxy;
import org.springframework.aop.framework.Advised;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.DecoratingProxy;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceToolsRuntimeHints}.
 */
class TraceToolsRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	TraceToolsRuntimeHintsTests() {
		new TraceToolsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(TraceToolsRuntimeHints.class);
	}

	@Test
	void pagesTheEndpointsServe() {
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/tracetools/actuate/tasks-console.html"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/tracetools/timeline/timeline.html"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("flame.html")).accepts(this.hints);
		for (String resource : TraceToolsRuntimeHints.RESOURCES) {
			assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
		}
	}

	@Test
	void responseBodiesAndWhatTheyContain() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(FlamegraphEndpoint.FlamegraphDescriptor.class, "getChildren")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(FlamegraphEndpoint.FrameDescriptor.class, "children")).accepts(this.hints);
		assertThat(
				RuntimeHintsPredicates.reflection().onMethodInvocation(TasksEndpoint.TasksDescriptor.class, "getTasks"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(TasksEndpoint.TaskDescriptor.class, "getDetails")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ParameterError.class, "validValues"))
			.accepts(this.hints);
		// Reached through the getters.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TaskView.class, "busyNanos"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ConsoleSnapshot.Summary.class, "seen"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TaskDetails.class, "pollTimes"))
			.accepts(this.hints);
	}

	@Test
	void interfaceProxiesOfFinalJdkExecutors() {
		assertThat(RuntimeHintsPredicates.proxies()
			.forInterfaces(ExecutorService.class, SpringProxy.class, Advised.class, DecoratingProxy.class))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.proxies()
			.forInterfaces(ScheduledExecutorService.class, ExecutorService.class, SpringProxy.class, Advised.class,
					DecoratingProxy.class))
			.accepts(this.hints);
	}

}
