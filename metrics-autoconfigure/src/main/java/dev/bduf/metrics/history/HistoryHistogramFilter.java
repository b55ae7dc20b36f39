package dev.bduf.metrics.history;

import java.time.Duration;
import java.util.NavigableSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.PercentileHistogramBuckets;
import org.jspecify.annotations.Nullable;

/**
 * Gives every timer and distribution summary that has no histogram of its own the
 * bucket layout of Micrometer's percentile histogram, so that history can derive
 * mergeable percentiles from the buckets off the caller's path (see
 * {@link HistoryRecorder}). Recording into fixed buckets costs a binary search and one
 * atomic increment per call.
 * <p>
 * The buckets are set as service-level-objective boundaries rather than by turning on
 * the percentile histogram, because registries without aggregable percentiles (the
 * simple registry Spring Boot falls back to) ignore the latter. The layout is
 * {@link PercentileHistogramBuckets} between the meter's minimum and maximum expected
 * values (1 ms to 30 s for a timer that sets none): about four buckets per power of
 * four, neighbours at most 4/3 apart. Where the meter publishes no client-side
 * percentiles, the histogram is also made cumulative (one buffer that never expires),
 * so that its bucket counts only grow. Meters with their own percentile histogram or
 * service-level objectives keep them.
 * <p>
 * The buckets are exported like any histogram: with the Prometheus registry every timer
 * and summary gets {@code _bucket} series (about 70 per timer series). Turn
 * {@code bduf.metrics.history.percentile-histograms} off to keep the scrape small; history
 * then has percentiles only for meters that publish a histogram themselves.
 */
public final class HistoryHistogramFilter implements MeterFilter {

	private static final Duration NEVER = Duration.ofDays(365 * 100);

	private static final double TIMER_MIN = TimeUnit.MILLISECONDS.toNanos(1);

	private static final double TIMER_MAX = TimeUnit.SECONDS.toNanos(30);

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		boolean timer = id.getType() == Meter.Type.TIMER;
		if (!timer && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY) {
			return config;
		}
		if (Boolean.TRUE.equals(config.isPercentileHistogram()) || config.getServiceLevelObjectiveBoundaries() != null) {
			return config;
		}
		Double min = config.getMinimumExpectedValueAsDouble();
		Double max = config.getMaximumExpectedValueAsDouble();
		DistributionStatisticConfig range = DistributionStatisticConfig.builder()
			.minimumExpectedValue((min != null) ? min : (timer ? TIMER_MIN : 1.0))
			.maximumExpectedValue((max != null) ? max : (timer ? TIMER_MAX : Double.MAX_VALUE))
			.build();
		NavigableSet<Double> buckets = PercentileHistogramBuckets.buckets(range);
		double[] boundaries = buckets.stream().mapToDouble(Double::doubleValue).toArray();
		DistributionStatisticConfig.Builder builder = DistributionStatisticConfig.builder()
			.serviceLevelObjectives(boundaries);
		double[] percentiles = config.getPercentiles();
		if (percentiles == null || percentiles.length == 0) {
			builder.expiry(NEVER).bufferLength(1);
		}
		return builder.build().merge(config);
	}

}
