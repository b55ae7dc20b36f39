package dev.bduf.metrics.benchmarks;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every benchmark shares: the registry our users scrape, and a collector over it.
 */
final class Fixtures {

	private Fixtures() {
	}

	static PrometheusMeterRegistry registry() {
		return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
	}

	static DefaultMetricsCollector collector(PrometheusMeterRegistry registry) {
		return new DefaultMetricsCollector(registry);
	}

	/**
	 * Fail the trial when the facade refused a recording: a benchmark must measure the
	 * accepting path, not the cheaper rejecting one.
	 */
	static void assertNothingRejected(DefaultMetricsCollector collector) {
		CollectorStats stats = collector.getCollectorStats();
		if (stats.rejected() != 0 || stats.recorded() == 0) {
			throw new IllegalStateException("Facade did not record as expected: recorded=" + stats.recorded()
					+ ", rejected=" + stats.rejected() + " " + stats.rejectedByReason());
		}
	}

}
