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

package dev.tracetools.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of the Spring glue's structure: the auto-configuration knows the endpoints
 * and the executor proxies, never the other way round, and no packages depend on each
 * other in a cycle.
 *
 * @author trace-tools
 */
class ArchitectureTests {

	private static final JavaClasses GLUE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.tracetools.autoconfigure", "dev.tracetools.actuate", "dev.tracetools.aop");

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.tracetools.(*)..").should().beFreeOfCycles().check(GLUE);
	}

	@Test
	void endpointsAndProxiesDoNotImportTheAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("dev.tracetools.actuate..", "dev.tracetools.aop..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.tracetools.autoconfigure..")
			.check(GLUE);
	}

}
