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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The rules every query parameter follows, so that the endpoints agree:
 * <ul>
 * <li>an absent or empty value (spaces only) means the parameter is not given;</li>
 * <li>spaces around a value are ignored; a control character (NUL included) anywhere
 * makes it invalid;</li>
 * <li>text is at most {@value #MAX_TEXT_LENGTH} characters;</li>
 * <li>numbers are ASCII digits within a stated range;</li>
 * <li>names (formats, modes, states, columns) are ASCII and ignore case;</li>
 * <li>a list is comma-separated; empty items are ignored, so a list of none is as if not
 * given (a repeated parameter arrives as such a list).</li>
 * </ul>
 * A value that breaks a rule throws an {@link InvalidParameterException} that says what
 * is valid.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class QueryParameters {

	/** The longest text a parameter takes. */
	public static final int MAX_TEXT_LENGTH = 1000;

	private static final int MAX_SHOWN_LENGTH = 100;

	private QueryParameters() {
	}

	/**
	 * Read a text parameter (a substring to look for, a name).
	 * @param parameter the parameter's name
	 * @param value the value as received
	 * @return the value without surrounding spaces, or {@code null} if absent or empty
	 * @throws InvalidParameterException if it has control characters or is too long
	 */
	public static @Nullable String text(String parameter, @Nullable String value) {
		String validValues = "text of at most " + MAX_TEXT_LENGTH + " characters without control characters";
		String text = stripped(parameter, value, validValues);
		if (text != null && text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		return text;
	}

	/**
	 * Read a whole number parameter.
	 * @param parameter the parameter's name
	 * @param value the value as received
	 * @param min the smallest valid value
	 * @param max the largest valid value
	 * @param unit what the number counts, for the message ({@code tasks}), or an empty
	 * string
	 * @return the number, or {@code null} if absent or empty
	 * @throws InvalidParameterException if it is not ASCII digits within the range
	 */
	public static @Nullable Long number(String parameter, @Nullable String value, long min, long max, String unit) {
		String validValues = wholeNumbers(min, max, unit);
		String text = stripped(parameter, value, validValues);
		if (text == null) {
			return null;
		}
		boolean negative = text.startsWith("-");
		String digits = negative ? text.substring(1) : text;
		if (digits.isEmpty() || digits.length() > 19 || !isAsciiDigits(digits)) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		long number;
		try {
			number = Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		if (number < min || number > max) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		return number;
	}

	/**
	 * What a whole number parameter accepts, as messages say it.
	 * @param min the smallest valid value
	 * @param max the largest valid value
	 * @param unit what the number counts ({@code tasks}), or an empty string
	 * @return the phrase, such as {@code whole numbers from 1 to 2147483647 (tasks)}
	 */
	public static String wholeNumbers(long min, long max, String unit) {
		return "whole numbers from " + min + " to " + max + (unit.isEmpty() ? "" : " (" + unit + ")");
	}

	/**
	 * Read a parameter that names one of a fixed set of values.
	 * @param <T> the type of the values
	 * @param parameter the parameter's name
	 * @param value the value as received
	 * @param validValues the valid names, for the message
	 * @param lookup the value of a name (given lower case), or {@code null} if none
	 * @return the value, or {@code null} if absent or empty
	 * @throws InvalidParameterException if no value has that name
	 */
	public static <T> @Nullable T choice(String parameter, @Nullable String value, String validValues,
			Function<String, @Nullable T> lookup) {
		String text = stripped(parameter, value, validValues);
		if (text == null) {
			return null;
		}
		T chosen = isAscii(text) ? lookup.apply(text.toLowerCase(Locale.ROOT)) : null;
		if (chosen == null) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		return chosen;
	}

	/**
	 * Read a comma-separated list parameter.
	 * @param parameter the parameter's name
	 * @param value the value as received
	 * @param validValues what the items may be, for the message
	 * @return the items without surrounding spaces, none empty; an empty list if absent,
	 * empty or made of commas only
	 * @throws InvalidParameterException if it has control characters or is too long
	 */
	public static List<String> items(String parameter, @Nullable String value, String validValues) {
		String text = stripped(parameter, value, validValues);
		List<String> items = new ArrayList<>();
		if (text == null) {
			return items;
		}
		if (text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidParameterException(parameter, text, validValues);
		}
		for (String item : text.split(",")) {
			if (!item.isBlank()) {
				items.add(item.strip());
			}
		}
		return items;
	}

	/**
	 * A value as a message shows it: control characters as Unicode escapes, cut after
	 * {@value #MAX_SHOWN_LENGTH} characters.
	 * @param value the value
	 * @return the text to show
	 */
	public static String shown(String value) {
		StringBuilder shown = new StringBuilder();
		int length = Math.min(value.length(), MAX_SHOWN_LENGTH);
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				shown.append(c);
			}
		}
		if (value.length() > MAX_SHOWN_LENGTH) {
			shown.append("\u2026 (").append(value.length()).append(" characters)");
		}
		return shown.toString();
	}

	private static @Nullable String stripped(String parameter, @Nullable String value, String validValues) {
		if (value == null) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw new InvalidParameterException(parameter, value, validValues);
			}
		}
		String text = value.strip();
		return text.isEmpty() ? null : text;
	}

	private static boolean isAsciiDigits(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 127) {
				return false;
			}
		}
		return true;
	}

}
