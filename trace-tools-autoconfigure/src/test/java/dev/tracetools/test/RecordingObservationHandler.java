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

package dev.tracetools.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the contexts of started and stopped observations, for assertions across
 * threads.
 */
public final class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

	private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@Override
	public void onStart(Observation.Context context) {
		this.started.add(context);
	}

	@Override
	public void onStop(Observation.Context context) {
		this.stopped.add(context);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	/**
	 * The contexts of started observations with the given name.
	 * @param name the observation name
	 * @return the contexts
	 */
	public List<Observation.Context> started(String name) {
		return this.started.stream().filter((context) -> name.equals(context.getName())).collect(Collectors.toList());
	}

	/**
	 * The contexts of stopped observations with the given name.
	 * @param name the observation name
	 * @return the contexts
	 */
	public List<Observation.Context> stopped(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).collect(Collectors.toList());
	}

	/**
	 * The low-cardinality value of a key, or {@code null}.
	 * @param context the context
	 * @param key the key
	 * @return the value
	 */
	public static String value(Observation.Context context, String key) {
		var keyValue = context.getLowCardinalityKeyValue(key);
		return (keyValue != null) ? keyValue.getValue() : null;
	}

}
