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

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.flamegraph.Flamegrapher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Writes the flamegraph files ({@code trace-tools.flamegraph.folded-file} and
 * {@code html-file}) when the application context closes, after the beans created after
 * it (such as lazily created executors) have finished their work.
 *
 * @author trace-tools
 */
final class FlamegraphFiles implements DisposableBean {

	private static final Log logger = LogFactory.getLog(FlamegraphFiles.class);

	private final TraceToolsLayers layers;

	FlamegraphFiles(TraceToolsLayers layers) {
		this.layers = layers;
	}

	@Override
	public void destroy() {
		Flamegrapher flamegrapher = this.layers.flamegrapher();
		if (flamegrapher == null) {
			return;
		}
		try {
			List<Path> written = flamegrapher.writeFlamegraph();
			if (!written.isEmpty()) {
				logger.info("Wrote flamegraph to " + written);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not write the flamegraph files", ex);
		}
	}

}
