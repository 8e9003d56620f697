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

package dev.tracetools.actuate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A servlet filter that watches the requests an open console page makes for the table's
 * JSON (its polls): how many started, how many were in flight at once, when each was
 * answered and the time spent answering them; it can delay each answer to play a slow
 * application.
 *
 * @author trace-tools
 */
final class ConsoleTableRequests implements Filter {

	final AtomicInteger started = new AtomicInteger();

	final AtomicInteger inFlight = new AtomicInteger();

	final AtomicInteger mostAtOnce = new AtomicInteger();

	/** Start and end of each answered request, in milliseconds. */
	final List<long[]> answered = new CopyOnWriteArrayList<>();

	/** The time spent answering, in nanoseconds. */
	final AtomicLong answeringNanos = new AtomicLong();

	private volatile long delayMillis;

	void reset() {
		reset(0);
	}

	void reset(long delayMillis) {
		this.delayMillis = delayMillis;
		this.started.set(0);
		this.mostAtOnce.set(0);
		this.answered.clear();
		this.answeringNanos.set(0);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		String accept = String.valueOf(http.getHeader("Accept"));
		if (!http.getRequestURI().startsWith("/actuator/tasks") || !accept.startsWith("application/json")) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.currentTimeMillis();
		long startNanos = System.nanoTime();
		this.started.incrementAndGet();
		this.mostAtOnce.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			if (this.delayMillis > 0) {
				// A slow application: what the page must not pile requests onto.
				Thread.sleep(this.delayMillis);
			}
			chain.doFilter(request, response);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.decrementAndGet();
			this.answeringNanos.addAndGet(System.nanoTime() - startNanos);
			this.answered.add(new long[] { start, System.currentTimeMillis() });
		}
	}

}
