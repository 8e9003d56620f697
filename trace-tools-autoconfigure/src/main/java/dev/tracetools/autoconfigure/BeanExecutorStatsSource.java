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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

import dev.tracetools.tasks.ExecutorStats;
import dev.tracetools.tasks.ExecutorStatsSource;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Reads the pools of the application's executor beans ({@link ThreadPoolTaskExecutor},
 * {@link ThreadPoolTaskScheduler}, {@link ThreadPoolExecutor}) that exist already: lazy
 * executors that were never used are not created for it.
 *
 * @author trace-tools
 */
final class BeanExecutorStatsSource implements ExecutorStatsSource {

	private final ListableBeanFactory beanFactory;

	BeanExecutorStatsSource(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public List<ExecutorStats> executorStats() {
		List<ExecutorStats> stats = new ArrayList<>();
		if (!(this.beanFactory instanceof ConfigurableListableBeanFactory factory)) {
			return stats;
		}
		for (String name : factory.getBeanNamesForType(java.util.concurrent.Executor.class, false, false)) {
			Object bean = factory.containsSingleton(name) ? factory.getSingleton(name) : null;
			if (bean == null) {
				continue;
			}
			String type = AopUtils.getTargetClass(bean).getName();
			try {
				ThreadPoolExecutor pool = pool(bean);
				if (pool != null) {
					stats.add(ExecutorStats.of(name, type, pool));
				}
				else {
					stats.add(new ExecutorStats(name, type, null, null, null, null, null, null));
				}
			}
			catch (IllegalStateException ex) {
				// Not initialized yet, or already shut down.
			}
		}
		return stats;
	}

	private static @org.jspecify.annotations.Nullable ThreadPoolExecutor pool(Object bean) {
		if (bean instanceof ThreadPoolTaskExecutor executor) {
			return executor.getThreadPoolExecutor();
		}
		if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			return scheduler.getScheduledThreadPoolExecutor();
		}
		return (bean instanceof ThreadPoolExecutor pool) ? pool : null;
	}

}
