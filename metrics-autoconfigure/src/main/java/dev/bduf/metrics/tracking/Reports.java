package dev.bduf.metrics.tracking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link PerformanceReport} from what the registry holds.
 */
final class Reports {

	private Reports() {
	}

	static PerformanceReport report(MethodTracker tracker, ReportFilter filter, Instant now) {
		MeterRegistry registry = tracker.getRegistry();
		List<PerformanceReport.MethodPerformance> methods = new ArrayList<>();
		for (String name : new java.util.TreeSet<>(tracker.getTrackedNames())) {
			if (filter.name() != null && !filter.name().equals(name)) {
				continue;
			}
			Map<String, Entry> entries = new LinkedHashMap<>();
			for (Timer timer : registry.find(name).timers()) {
				Entry entry = entry(entries, name, timer, filter);
				if (entry != null) {
					entry.add(timer);
				}
			}
			for (Counter counter : registry.find(name + ".slow").counters()) {
				Entry entry = entry(entries, name, counter, filter);
				if (entry != null) {
					entry.slow += (long) counter.count();
				}
			}
			for (Timer timer : registry.find(name + ".cpu").timers()) {
				Entry entry = entry(entries, name, timer, filter);
				if (entry != null) {
					entry.cpuCount += timer.count();
					entry.cpuMillis += timer.totalTime(TimeUnit.MILLISECONDS);
				}
			}
			for (DistributionSummary summary : registry.find(name + ".allocated").summaries()) {
				Entry entry = entry(entries, name, summary, filter);
				if (entry != null) {
					entry.allocationCount += summary.count();
					entry.allocatedBytes += summary.totalAmount();
				}
			}
			entries.values().forEach((entry) -> methods.add(entry.toPerformance()));
		}
		methods.sort(Comparator.comparingDouble((PerformanceReport.MethodPerformance method) -> method.meanMillis()
				* method.sampled())
			.reversed());
		return new PerformanceReport(now, tracker.getFailures(), methods);
	}

	private static @Nullable Entry entry(Map<String, Entry> entries, String name, Meter meter, ReportFilter filter) {
		String className = meter.getId().getTag(CallSite.CLASS_TAG);
		String method = meter.getId().getTag(CallSite.METHOD_TAG);
		if (className == null || method == null || !filter.matches(name, className, method)) {
			return null;
		}
		return entries.computeIfAbsent(className + "#" + method, (key) -> new Entry(name, className, method));
	}

	private static final class Entry {

		private final String name;

		private final String className;

		private final String method;

		private long sampled;

		private long errors;

		private double totalMillis;

		private double maxMillis;

		private final TreeMap<Double, Double> buckets = new TreeMap<>();

		private long percentileCount = -1;

		private ValueAtPercentile[] percentiles = new ValueAtPercentile[0];

		private long slow;

		private long cpuCount;

		private double cpuMillis;

		private long allocationCount;

		private double allocatedBytes;

		Entry(String name, String className, String method) {
			this.name = name;
			this.className = className;
			this.method = method;
		}

		void add(Timer timer) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			this.sampled += snapshot.count();
			if ("error".equals(timer.getId().getTag(CallSite.OUTCOME_TAG))) {
				this.errors += snapshot.count();
			}
			this.totalMillis += snapshot.total(TimeUnit.MILLISECONDS);
			this.maxMillis = Math.max(this.maxMillis, snapshot.max(TimeUnit.MILLISECONDS));
			if (snapshot.percentileValues().length > 0 && snapshot.count() > this.percentileCount) {
				this.percentileCount = snapshot.count();
				this.percentiles = snapshot.percentileValues();
			}
			CountAtBucket[] counts = snapshot.histogramCounts();
			boolean cumulative = isCumulative(counts);
			double running = 0;
			for (CountAtBucket bucket : counts) {
				running = cumulative ? bucket.count() : running + bucket.count();
				this.buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), running, Double::sum);
			}
		}

		private static boolean isCumulative(CountAtBucket[] counts) {
			for (int i = 1; i < counts.length; i++) {
				if (counts[i].count() < counts[i - 1].count()) {
					return false;
				}
			}
			return true;
		}

		private @Nullable Double percentile(double quantile) {
			if (this.sampled == 0) {
				return null;
			}
			if (this.buckets.isEmpty()) {
				return clientSidePercentile(quantile);
			}
			double rank = Math.ceil(quantile * this.sampled);
			for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
				if (bucket.getValue() >= rank) {
					return (this.maxMillis > 0) ? Math.min(bucket.getKey(), this.maxMillis) : bucket.getKey();
				}
			}
			return this.maxMillis;
		}

		private @Nullable Double clientSidePercentile(double quantile) {
			for (ValueAtPercentile value : this.percentiles) {
				if (Math.abs(value.percentile() - quantile) < 1e-9) {
					return value.value(TimeUnit.MILLISECONDS);
				}
			}
			return null;
		}

		PerformanceReport.MethodPerformance toPerformance() {
			return new PerformanceReport.MethodPerformance(this.name, this.className, this.method,
					this.sampled, this.sampled, this.errors,
					(this.sampled > 0) ? (double) this.errors / this.sampled : 0,
					(this.sampled > 0) ? this.totalMillis / this.sampled : 0, this.maxMillis, percentile(0.5),
					percentile(0.95), percentile(0.99), this.slow,
					(this.cpuCount > 0) ? this.cpuMillis / this.cpuCount : null,
					(this.allocationCount > 0) ? this.allocatedBytes / this.allocationCount : null);
		}

	}

}
