package dev.bduf.metrics.benchmarks;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * What the benchmarks share: the series they cycle through, and checks on the
 * application's collector. Only the public API of BDUF Metrics is used.
 */
final class Fixtures {

	/** Values of the {@code region} tag; a call picks one by a per-thread counter. */
	static final String[] REGIONS = { "eu", "us", "ap", "sa" };

	/** Values of the {@code plan} tag. */
	static final String[] PLANS = { "free", "pro" };

	/** Series per meter name: every region with every plan. */
	static final int SERIES = REGIONS.length * PLANS.length;

	private Fixtures() {
	}

	/** The tag map of series {@code i}, as a user writes it. */
	static Map<String, ?> tags(int i) {
		return Map.of("region", REGIONS[i & 3], "plan", PLANS[i >> 2]);
	}

	/** The Micrometer tags of series {@code i}. */
	static Tags micrometerTags(int i) {
		return Tags.of("region", REGIONS[i & 3], "plan", PLANS[i >> 2]);
	}

	/**
	 * Fail the trial when the facade refused a recording: a benchmark must measure the
	 * accepting path, not the cheaper rejecting one.
	 */
	static void assertNothingRejected(MetricsCollector collector) {
		CollectorStats stats = collector.getCollectorStats();
		if (stats.rejected() != 0 || stats.recorded() == 0) {
			throw new IllegalStateException("Facade did not record as expected: recorded=" + stats.recorded()
					+ ", rejected=" + stats.rejected() + " " + stats.rejectedByReason());
		}
	}

	/**
	 * The tags the application adds to a facade series beyond the caller's own (our
	 * default tags: service, version, environment, instance id), read from a probe meter
	 * recorded through the facade. Whether they are added by the collector or by a
	 * {@code MeterFilter}, a Micrometer series given these too carries exactly what a
	 * facade series carries, so heap and scrape compare like with like.
	 */
	static Tags defaultTags(MetricsCollector collector, MeterRegistry registry) {
		collector.increment("bench.probe", 1, Map.of());
		Meter probe = registry.find("bench.probe").meter();
		if (probe == null) {
			throw new IllegalStateException("The facade's probe meter bench.probe is not in the registry");
		}
		Set<String> keys = new HashSet<>();
		for (Tag tag : probe.getId().getTagsAsIterable()) {
			keys.add(tag.getKey());
		}
		if (!keys.contains("service")) {
			throw new IllegalStateException("Expected the default tag 'service' on facade meters, got " + keys);
		}
		return Tags.of(probe.getId().getTagsAsIterable());
	}

}
