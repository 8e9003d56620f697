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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts every call of the annotated method (or of every public method of the annotated
 * class) into an observed span named {@code tracetools.observe}, the counterpart of
 * trace-tools' {@code #[observe]} attribute.
 * <p>
 * The span's {@code observed.name} is {@code SimpleClassName.method} unless
 * {@link #value()} gives one; its location is the method's. A method that returns a
 * {@link java.util.concurrent.CompletionStage} keeps its span open until the stage
 * completes, and records its error. Arguments are never recorded.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Observe {

	/**
	 * The span's {@code observed.name}; empty for {@code SimpleClassName.method}.
	 * @return the name
	 */
	String value() default "";

}
