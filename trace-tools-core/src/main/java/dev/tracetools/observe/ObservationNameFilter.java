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

package dev.tracetools.observe;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A layer's filter on observation names, the counterpart of trace-tools' per-layer
 * filters: include and exclude prefixes, exclusions first, everything included when no
 * include prefix is given.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ObservationNameFilter {

	private ObservationNameFilter() {
	}

	/**
	 * Whether an observation name passes the filter.
	 * @param include the prefixes of included names; empty to include all
	 * @param exclude the prefixes of excluded names
	 * @param name the observation's name, {@code null} if it has none
	 * @return whether the name is included and not excluded
	 */
	public static boolean accepts(List<String> include, List<String> exclude, @Nullable String name) {
		if (name == null) {
			return include.isEmpty();
		}
		for (String prefix : exclude) {
			if (name.startsWith(prefix)) {
				return false;
			}
		}
		if (include.isEmpty()) {
			return true;
		}
		for (String prefix : include) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
