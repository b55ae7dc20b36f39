package dev.bduf.metrics.history;

import java.time.Duration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Turns on Micrometer's percentile histogram for every timer and distribution summary
 * that has not configured one, so that history can derive mergeable percentiles from
 * the buckets off the caller's path (see {@link HistoryRecorder}). Recording into a
 * fixed-bucket histogram costs a binary search and one atomic increment per call.
 * <p>
 * Where the meter publishes no client-side percentiles, the histogram is also made
 * cumulative (one buffer that never expires), so that registries that would otherwise
 * rotate their histogram windows give bucket counts that only grow. Meters with their
 * own histogram or service-level objectives keep them. Note that a percentile histogram
 * is exported: with the Prometheus registry every timer then has {@code _bucket} series.
 */
public final class HistoryHistogramFilter implements MeterFilter {

	private static final Duration NEVER = Duration.ofDays(365 * 100);

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (id.getType() != Meter.Type.TIMER && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY) {
			return config;
		}
		if (config.isPercentileHistogram() != null || config.getServiceLevelObjectiveBoundaries() != null) {
			return config;
		}
		DistributionStatisticConfig.Builder builder = DistributionStatisticConfig.builder().percentilesHistogram(true);
		double[] percentiles = config.getPercentiles();
		if (percentiles == null || percentiles.length == 0) {
			builder.expiry(NEVER).bufferLength(1);
		}
		return builder.build().merge(config);
	}

}
