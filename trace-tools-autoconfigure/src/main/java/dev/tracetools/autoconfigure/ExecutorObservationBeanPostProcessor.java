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

import java.util.Set;
import java.util.concurrent.Executor;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskObservations;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;

/**
 * Instruments every executor bean (Boot's {@code applicationTaskExecutor}, user
 * {@code ThreadPoolTaskExecutor}, {@code ThreadPoolTaskScheduler},
 * {@code SimpleAsyncTaskExecutor} beans, plain {@code ExecutorService} and
 * {@code ScheduledExecutorService} beans) so that its tasks become
 * {@code tracetools.task} spans, without changing the bean's type and without setting a
 * {@code TaskDecorator}. Infrastructure beans and excluded bean names are left alone.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class ExecutorObservationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(ExecutorObservationBeanPostProcessor.class);

	private final ObjectProvider<ObservationRegistry> registry;

	private final Set<String> excluded;

	private final boolean propagateContext;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ExecutorObservationBeanPostProcessor(ObjectProvider<ObservationRegistry> registry, Set<String> excluded,
			boolean propagateContext) {
		this.registry = registry;
		this.excluded = excluded;
		this.propagateContext = propagateContext;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public int getOrder() {
		// After Spring's own advising post-processors, as Spring Modulith's is.
		return Ordered.LOWEST_PRECEDENCE - 50;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof Executor executor) || !isEligible(executor, beanName)) {
			return bean;
		}
		if (executor instanceof ConcurrentTaskExecutor concurrent
				&& ExecutorProxies.isInstrumented(concurrent.getConcurrentExecutor())) {
			return leftAlone(bean, beanName, "its tasks are observed by the executor bean it wraps");
		}
		TaskObservations observations = new TaskObservations(this.registry.getObject(), beanName,
				this.propagateContext);
		Executor instrumented = ExecutorProxies.instrument(executor, observations);
		Class<?> declared = declaredType(beanName);
		if (!bean.getClass().isInstance(instrumented) && (declared == null || !declared.isInstance(instrumented))) {
			return leftAlone(bean, beanName,
					"its class cannot be proxied (final, or with a final task method) " + "and the bean is declared as "
							+ ((declared != null) ? declared.getName() : "its class")
							+ ", which a proxy of its interfaces is not; declare the bean as an interface "
							+ "(Executor, ExecutorService, TaskExecutor...) to observe its tasks");
		}
		return instrumented;
	}

	private static Object leftAlone(Object bean, String beanName, String reason) {
		logger.info("Executor bean '" + beanName + "' (" + bean.getClass().getName()
				+ ") is not instrumented by trace-tools: " + reason);
		return bean;
	}

	private @Nullable Class<?> declaredType(String beanName) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null || !factory.containsBeanDefinition(beanName)) {
			return null;
		}
		BeanDefinition definition = factory.getMergedBeanDefinition(beanName);
		return definition.getResolvableType().resolve();
	}

	private boolean isEligible(Executor executor, String beanName) {
		if (this.excluded.contains(beanName) || ExecutorProxies.isInstrumented(executor)) {
			return false;
		}
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory != null && factory.containsBeanDefinition(beanName)) {
			BeanDefinition definition = factory.getBeanDefinition(beanName);
			return definition.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE;
		}
		return true;
	}

}
