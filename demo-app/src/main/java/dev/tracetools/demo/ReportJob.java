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

package dev.tracetools.demo;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A {@code @Scheduled} job: Spring observes it as {@code tasks.scheduled.execution}, and
 * trace-tools treats it as a task of kind {@code scheduled}.
 *
 * @author trace-tools
 */
@Component
public class ReportJob {

	private static final Logger logger = LoggerFactory.getLogger(ReportJob.class);

	@Scheduled(fixedDelayString = "${demo.report.interval:10s}")
	void report() {
		Spin.cpu(TimeUnit.MILLISECONDS.toNanos(2));
		logger.info("Report written");
	}

}
