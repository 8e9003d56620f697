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
package dev.tracetools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of the core's structure: it is free of Spring, its layers are independent of
 * each other, and the span and task model knows no layer.
 *
 * @author trace-tools
 */
class ArchitectureTests {

	private static final String[] LAYERS = { "dev.tracetools.flamegraph..", "dev.tracetools.tasks..",
			"dev.tracetools.logging..", "dev.tracetools.timeline.." };

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.tracetools");

	@Test
	void coreImportsNothingFromSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
	}

	@Test
	void layersDoNotImportEachOther() {
		for (String layer : LAYERS) {
			for (String other : LAYERS) {
				if (!layer.equals(other)) {
					noClasses().that()
						.resideInAPackage(layer)
						.should()
						.dependOnClassesThat()
						.resideInAPackage(other)
						.check(CORE);
				}
			}
		}
	}

	@Test
	void spanAndTaskModelImportsNoLayer() {
		noClasses().that()
			.resideInAnyPackage("dev.tracetools.observe..", "dev.tracetools.executor..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(LAYERS)
			.check(CORE);
	}

	@Test
	void layersDoNotImportTheAssembly() {
		noClasses().that()
			.resideInAnyPackage(LAYERS)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.tracetools")
			.check(CORE);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.tracetools.(**)").should().beFreeOfCycles().check(CORE);
	}

}
