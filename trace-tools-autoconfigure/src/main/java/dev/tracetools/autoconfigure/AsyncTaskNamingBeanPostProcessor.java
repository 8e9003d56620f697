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

import dev.tracetools.aop.AsyncTaskInterceptors;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * Places trace-tools' two {@code @Async} interceptors around Spring's async advisor on
 * every bean that has one: the naming one before it (on the calling thread), the blocking
 * one after it (on the worker thread).
 * <p>
 * Deliberately not {@code Ordered}: Spring runs unordered post-processors after the
 * ordered ones, so Spring's {@code AsyncAnnotationBeanPostProcessor} has always added its
 * advisor by the time this one looks for it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class AsyncTaskNamingBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ObservationRegistry> registry;

	AsyncTaskNamingBeanPostProcessor(ObjectProvider<ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			Advisor[] advisors = advised.getAdvisors();
			for (int i = 0; i < advisors.length; i++) {
				if (advisors[i] instanceof AsyncAnnotationAdvisor async) {
					advised.addAdvisor(i + 1, new DefaultPointcutAdvisor(async.getPointcut(), AsyncTaskInterceptors
						.blocking(() -> this.registry.getIfAvailable(() -> ObservationRegistry.NOOP))));
					advised.addAdvisor(i,
							new DefaultPointcutAdvisor(async.getPointcut(), AsyncTaskInterceptors.naming()));
					break;
				}
			}
		}
		return bean;
	}

}
