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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SpringBootVersionVerifier} and
 * {@link UnsupportedSpringBootVersionFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootVersionVerifierTests {

	@Test
	void supportsBoot40And41() {
		assertThat(SpringBootVersionVerifier.isSupported("4.0.0")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.0.7")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.1.1")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.1.0-SNAPSHOT")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4.1.0-RC1")).isTrue();
	}

	@Test
	void refusesOtherLines() {
		assertThat(SpringBootVersionVerifier.isSupported("3.5.7")).isFalse();
		assertThat(SpringBootVersionVerifier.isSupported("4.2.0-M1")).isFalse();
		assertThat(SpringBootVersionVerifier.isSupported("5.0.0")).isFalse();
	}

	@Test
	void letsThroughWhatItCannotRead() {
		assertThat(SpringBootVersionVerifier.isSupported("unknown")).isTrue();
		assertThat(SpringBootVersionVerifier.isSupported("4")).isTrue();
	}

	@Test
	void theBootVersionOfThisBuildIsSupported() {
		String version = SpringBootVersion.getVersion();
		assertThat(version).isNotNull();
		assertThat(SpringBootVersionVerifier.isSupported(version)).isTrue();
		// The build's spring-boot.version is the one the tests run on.
		String requested = System.getProperty("spring-boot.version");
		if (requested != null) {
			assertThat(version).isEqualTo(requested);
		}
	}

	@Test
	void analysisSaysWhichVersionsAreSupported() {
		FailureAnalysis analysis = new UnsupportedSpringBootVersionFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", new UnsupportedSpringBootVersionException("3.5.7")));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Spring Boot 3.5.7", "supports Spring Boot 4.0.x and 4.1.x");
		assertThat(analysis.getAction()).contains("trace-tools.compatibility-verifier.enabled=false");
	}

	@Test
	void startUpOnAnUnsupportedVersionFailsWithTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addListeners(new SpringBootVersionVerifier(() -> "3.5.7"));
		assertThatExceptionOfType(UnsupportedSpringBootVersionException.class).isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"The application runs on Spring Boot 3.5.7, but this version of trace-tools supports Spring Boot 4.0.x and 4.1.x.");
	}

	@Test
	void startUpOnAnUnsupportedVersionGoesOnWhenTheCheckIsOff() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addListeners(new SpringBootVersionVerifier(() -> "3.5.7"));
		try (ConfigurableApplicationContext context = application
			.run("--trace-tools.compatibility-verifier.enabled=false", "--spring.main.banner-mode=off")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
