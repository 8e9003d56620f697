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

package dev.tracetools.query;

/**
 * A query parameter whose value is not valid: names the parameter, the value and what is
 * valid, so that an endpoint answers 400 with all three.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class InvalidParameterException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String parameter;

	private final String value;

	private final String validValues;

	/**
	 * Create the exception.
	 * @param parameter the parameter's name
	 * @param value the value as received
	 * @param validValues what the parameter accepts, as a phrase
	 * ({@code busy, scheduled}, {@code whole numbers from 1 to 2147483647})
	 */
	public InvalidParameterException(String parameter, String value, String validValues) {
		super("Invalid " + parameter + " '" + QueryParameters.shown(value) + "': valid values are " + validValues);
		this.parameter = parameter;
		this.value = value;
		this.validValues = validValues;
	}

	/**
	 * The parameter's name.
	 * @return the name
	 */
	public String parameter() {
		return this.parameter;
	}

	/**
	 * The value as received.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * What the parameter accepts.
	 * @return the phrase
	 */
	public String validValues() {
		return this.validValues;
	}

}
