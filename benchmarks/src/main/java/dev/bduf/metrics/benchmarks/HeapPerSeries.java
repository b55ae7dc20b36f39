package dev.bduf.metrics.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricsCollector;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Retained heap per series: N series registered through the facade vs through plain
 * Micrometer, each in a fresh Boot application ({@link BenchApplication}: Boot's
 * {@code PrometheusMeterRegistry}, its filters and our default tags).
 * <p>
 * A facade series carries our default tags (service, version, environment, instance id)
 * beside its own; the Micrometer series are given the same tags, so both sides hold the
 * same series and the difference is what the facade adds.
 * <p>
 * The series are spread over names so the facade's default cardinality limit (1000
 * series per name) is never reached: N/1000 names ({@code heap.series.i}) with tag
 * {@code k=v<j>}. Names and tag values are created once up front and kept for the
 * whole run, as an application keeps its own strings, so only what the registry (and
 * the facade) add is measured. One try: start the application, read the
 * used heap after several {@code System.gc()}, register N series, read it again; the
 * difference over N is the bytes per series. The median of several tries is reported.
 * <p>
 * Usage: {@code java -Xmx1g -XX:+UseSerialGC -cp benchmarks.jar
 * dev.bduf.metrics.benchmarks.HeapPerSeries [series=20000] [tries=5]}.
 */
public final class HeapPerSeries {

	private static final int SERIES_PER_NAME = 1000;

	private static final String PREFIX = "heap.series.";

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private static String[] names;

	private static String[] values;

	private HeapPerSeries() {
	}

	/**
	 * What is registered, with the target ratio facade/Micrometer: no worse than the
	 * bare-registry run of the root README (1.14x for counters, 1.09x for timers).
	 */
	enum Kind {

		COUNTER(1.14), TIMER(1.09);

		final double target;

		Kind(double target) {
			this.target = target;
		}

	}

	public static void main(String[] args) {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int tries = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		names = new String[(n + SERIES_PER_NAME - 1) / SERIES_PER_NAME];
		for (int i = 0; i < names.length; i++) {
			names[i] = PREFIX + i;
		}
		values = new String[SERIES_PER_NAME];
		for (int j = 0; j < values.length; j++) {
			values[j] = "v" + j;
		}
		// Warm up class loading and the code paths once, untimed.
		measure(true, Kind.COUNTER, Math.min(n, 2000));
		measure(false, Kind.COUNTER, Math.min(n, 2000));
		measure(true, Kind.TIMER, Math.min(n, 2000));
		measure(false, Kind.TIMER, Math.min(n, 2000));

		System.out.printf(Locale.ROOT, "series=%d (%d names x up to %d tag values), tries=%d, median reported%n", n,
				names.length, SERIES_PER_NAME, tries);
		boolean ok = true;
		for (Kind kind : Kind.values()) {
			double micrometer = median(kind, false, n, tries);
			double facade = median(kind, true, n, tries);
			double ratio = facade / micrometer;
			System.out.printf(Locale.ROOT,
					"%-7s Micrometer %7.1f B/series   facade %7.1f B/series   facade/Micrometer %.3fx (target <= %.2fx): %s%n",
					kind, micrometer, facade, ratio, kind.target, (ratio <= kind.target) ? "MET" : "MISSED");
			ok &= ratio <= kind.target;
		}
		System.out.println(ok ? "heap per series: all within target" : "heap per series: target missed");
	}

	private static double median(Kind kind, boolean facade, int n, int tries) {
		double[] results = new double[tries];
		for (int i = 0; i < tries; i++) {
			results[i] = measure(facade, kind, n);
		}
		Arrays.sort(results);
		return results[tries / 2];
	}

	/**
	 * One try.
	 * @return retained bytes per series
	 */
	private static double measure(boolean facade, Kind kind, int n) {
		try (BenchApplication.Context app = BenchApplication.start()) {
			MetricsCollector collector = app.collector;
			PrometheusMeterRegistry registry = app.registry;
			// The probe meter is registered on both sides, before the first heap reading.
			Tags defaults = Fixtures.defaultTags(collector, registry);
			int seriesBefore = collector.getCollectorStats().series();
			long before = usedAfterGc();
			for (int s = 0; s < n; s++) {
				String name = names[s / SERIES_PER_NAME];
				String value = values[s % SERIES_PER_NAME];
				if (facade) {
					if (kind == Kind.COUNTER) {
						collector.increment(name, 1, Map.of("k", value));
					}
					else {
						collector.timing(name, 1, TimeUnit.MILLISECONDS, Map.of("k", value));
					}
				}
				else if (kind == Kind.COUNTER) {
					registry.counter(name, defaults.and("k", value)).increment();
				}
				else {
					registry.timer(name, defaults.and("k", value)).record(1, TimeUnit.MILLISECONDS);
				}
			}
			long after = usedAfterGc();
			int facadeSeries = collector.getCollectorStats().series() - seriesBefore;
			if (facadeSeries != (facade ? n : 0)) {
				throw new IllegalStateException("Facade added " + facadeSeries + " series, not " + (facade ? n : 0)
						+ ": " + collector.getCollectorStats().rejectedByReason());
			}
			long meters = 0;
			for (Meter meter : registry.getMeters()) {
				if (meter.getId().getName().startsWith(PREFIX)) {
					meters++;
				}
			}
			if (meters != n) {
				throw new IllegalStateException("Registry holds " + meters + " " + PREFIX + "* meters, not " + n);
			}
			Reference.reachabilityFence(collector);
			Reference.reachabilityFence(registry);
			return (after - before) / (double) n;
		}
	}

	/** Used heap after GCs, once it stops shrinking (at most 8 GCs). */
	private static long usedAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 8; i++) {
			System.gc();
			long now = memory.getHeapMemoryUsage().getUsed();
			if (now >= used && i >= 2) {
				return Math.min(now, used);
			}
			used = Math.min(used, now);
		}
		return used;
	}

}
