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

package dev.tracetools.aop;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.CallSites;
import org.jspecify.annotations.Nullable;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.asm.Type;

/**
 * The location of a method (its source file and first line), read once per method from
 * the class file's debug information with Spring's ASM, since reflection does not give
 * it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class MethodCallSites {

	private static final ConcurrentMap<Method, CallSite> CACHE = new ConcurrentHashMap<>();

	private MethodCallSites() {
	}

	/**
	 * Return the call site of a method, named {@code SimpleClassName.method}.
	 * @param method the method
	 * @return the call site
	 */
	public static CallSite of(Method method) {
		return CACHE.computeIfAbsent(method, MethodCallSites::read);
	}

	private static CallSite read(Method method) {
		Class<?> type = method.getDeclaringClass();
		String name = CallSites.simpleName(type) + "." + method.getName();
		LocationVisitor visitor = new LocationVisitor(method.getName(), Type.getMethodDescriptor(method));
		String resource = type.getName().replace('.', '/') + ".class";
		ClassLoader loader = (type.getClassLoader() != null) ? type.getClassLoader()
				: ClassLoader.getSystemClassLoader();
		try (InputStream in = loader.getResourceAsStream(resource)) {
			if (in != null) {
				new ClassReader(in).accept(visitor, ClassReader.SKIP_FRAMES);
			}
		}
		catch (IOException | RuntimeException ex) {
			// No debug information to be had: the location stays unknown.
		}
		return new CallSite(name, type.getName(), method.getName(), visitor.file, visitor.line);
	}

	private static final class LocationVisitor extends ClassVisitor {

		private final String methodName;

		private final String descriptor;

		private @Nullable String file;

		private int line = -1;

		LocationVisitor(String methodName, String descriptor) {
			super(SpringAsmInfo.ASM_VERSION);
			this.methodName = methodName;
			this.descriptor = descriptor;
		}

		@Override
		public void visitSource(@Nullable String source, @Nullable String debug) {
			this.file = source;
		}

		@Override
		public @Nullable MethodVisitor visitMethod(int access, String name, String desc, @Nullable String signature,
				String @Nullable [] exceptions) {
			if (!name.equals(this.methodName) || !desc.equals(this.descriptor)) {
				return null;
			}
			return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {

				@Override
				public void visitLineNumber(int line, Label start) {
					if (LocationVisitor.this.line < 0 || line < LocationVisitor.this.line) {
						LocationVisitor.this.line = line;
					}
				}

			};
		}

	}

}
