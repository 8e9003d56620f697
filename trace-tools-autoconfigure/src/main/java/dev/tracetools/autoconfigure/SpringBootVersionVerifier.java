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

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Refuses to start an application on a Spring Boot version the starter does not support,
 * before any auto-configuration runs: on another version its classes would fail later
 * with a {@code NoClassDefFoundError} or {@code NoSuchMethodError} that does not say why.
 * Registered in {@code spring.factories} as an application listener, and written against
 * the API that Spring Boot 3 shares with 4, so that it also runs where the rest of the
 * starter cannot. {@code trace-tools.compatibility-verifier.enabled=false} turns it off.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class SpringBootVersionVerifier implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/** The property that turns the check off. */
	static final String ENABLED_PROPERTY = "trace-tools.compatibility-verifier.enabled";

	/** The supported range, as the failure analysis and the README state it. */
	static final String SUPPORTED = "4.0.x and 4.1.x";

	private static final int SUPPORTED_MAJOR = 4;

	private static final int MAX_SUPPORTED_MINOR = 1;

	private final Supplier<@Nullable String> version;

	SpringBootVersionVerifier() {
		this(SpringBootVersion::getVersion);
	}

	SpringBootVersionVerifier(Supplier<@Nullable String> version) {
		this.version = version;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if ("false".equalsIgnoreCase(event.getEnvironment().getProperty(ENABLED_PROPERTY, "true").trim())) {
			return;
		}
		String version = this.version.get();
		if (version != null && !isSupported(version)) {
			throw new UnsupportedSpringBootVersionException(version);
		}
	}

	/**
	 * Whether a Spring Boot version is in the supported range. A version that cannot be
	 * read as {@code major.minor...} is let through: the check is there to explain
	 * failures, not to cause them.
	 * @param version the version, as {@link SpringBootVersion} reports it
	 * @return whether it is supported
	 */
	static boolean isSupported(String version) {
		String[] parts = version.split("[.-]", 3);
		if (parts.length < 2) {
			return true;
		}
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = Integer.parseInt(parts[1]);
			return major == SUPPORTED_MAJOR && minor <= MAX_SUPPORTED_MINOR;
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	@Override
	public int getOrder() {
		// Before the environment post-processors, some of which are the starter's own.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
