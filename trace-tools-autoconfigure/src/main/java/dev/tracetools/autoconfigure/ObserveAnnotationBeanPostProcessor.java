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

import dev.tracetools.aop.ObserveMethodInterceptor;
import dev.tracetools.observe.Observe;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Advises beans with {@link Observe @Observe} methods (or classes) with Spring AOP
 * proxies, so that no AspectJ weaver is needed.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class ObserveAnnotationBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final ObjectProvider<ObservationRegistry> registry;

	ObserveAnnotationBeanPostProcessor(ObjectProvider<ObservationRegistry> registry) {
		this.registry = registry;
		setBeforeExistingAdvisors(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		ComposablePointcut pointcut = new ComposablePointcut(
				AnnotationMatchingPointcut.forMethodAnnotation(Observe.class))
			.union(new AnnotationMatchingPointcut(Observe.class, true));
		this.advisor = new DefaultPointcutAdvisor(pointcut,
				new ObserveMethodInterceptor(() -> this.registry.getIfAvailable(() -> ObservationRegistry.NOOP)));
	}

}
