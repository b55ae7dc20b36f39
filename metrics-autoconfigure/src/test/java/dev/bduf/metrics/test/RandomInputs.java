package dev.bduf.metrics.test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricType;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.PerformanceMeasurement;

/**
 * Random, often hostile, input for the collector: names in any Unicode (blank, huge,
 * without letters, colliding after normalisation or after Prometheus' renaming), tag maps
 * with nulls and odd value types, and doubles that are NaN, infinite or negative.
 * <p>
 * Everything comes from one seeded {@link Random}, so a failure is reproduced by its
 * seed: {@link #seed(long)} reads {@value #SEED_PROPERTY} when it is set.
 */
public final class RandomInputs {

	/** System property that fixes the seed of a randomised test, to reproduce a failure. */
	public static final String SEED_PROPERTY = "bduf.random.seed";

	private static final String[] POOL = { "jobs", "Jobs", "jobs.total", "jobs_total", "jobs.count", "jobs.sum",
			"jobs.max", "jobs.seconds", "jobs.bucket", "jobs.created", "jobs.info", "http.requests", "HTTP Requests",
			"http_requests", "queue.depth", "cache.size", "9lives", "a", "a.b", "a_b", "a-b", "process.cpu",
			"orders" };

	/**
	 * Names that stay apart in Prometheus: none is another's name plus a suffix that
	 * Prometheus derives ({@code _total}, {@code _count}, {@code _sum}, {@code _max},
	 * {@code _seconds}, ...), and none differs from another only in '.', '-' or '_'.
	 */
	private static final String[] PROMETHEUS_SAFE_POOL = { "jobs", "Jobs", "http.requests", "HTTP Requests",
			"queue.depth", "cache.size", "lives9", "a", "process.cpu", "orders" };

	private final String[] pool;

	private static final String[] KEYS = { "region", "Region", "REGION", "status", "le", "quantile", "overflow",
			"business", "service", "instance", "__name__", "k", "K", "user.id", "user-id", "user_id", "9key" };

	private static final MetricUnit[] UNITS = MetricUnit.values();

	private static final TimeUnit[] TIME_UNITS = TimeUnit.values();

	private static final MetricType[] TYPES = MetricType.values();

	private final Random random;

	/**
	 * Random inputs from a seed.
	 * @param seed the seed
	 */
	public RandomInputs(long seed) {
		this(seed, false);
	}

	private RandomInputs(long seed, boolean prometheusSafeNames) {
		this.random = new Random(seed);
		this.pool = prometheusSafeNames ? PROMETHEUS_SAFE_POOL : POOL;
	}

	/**
	 * Random inputs whose names never collide once Prometheus renames them (see
	 * {@link #PROMETHEUS_SAFE_POOL}); everything else as hostile as ever.
	 * @param seed the seed
	 * @return the inputs
	 */
	public static RandomInputs prometheusSafeNames(long seed) {
		return new RandomInputs(seed, true);
	}

	/**
	 * The seed for one run: {@value #SEED_PROPERTY} when set, else a fresh one mixed with
	 * the repetition so every repetition differs.
	 * @param repetition the repetition number
	 * @return the seed
	 */
	public static long seed(int repetition) {
		String fixed = System.getProperty(SEED_PROPERTY);
		if (fixed != null) {
			return Long.parseLong(fixed);
		}
		return new Random().nextLong() ^ (repetition * 0x9E3779B97F4A7C15L);
	}

	/**
	 * Run a randomised body, saying which seed failed and how to run it again.
	 * @param seed the seed
	 * @param body the test body
	 */
	public static void withSeed(long seed, ThrowingConsumer body) {
		withSeed(seed, new RandomInputs(seed), body);
	}

	/**
	 * Run a randomised body over given inputs, saying which seed failed and how to run it
	 * again.
	 * @param seed the seed the inputs were made from
	 * @param inputs the inputs
	 * @param body the test body
	 */
	public static void withSeed(long seed, RandomInputs inputs, ThrowingConsumer body) {
		try {
			body.accept(inputs);
		}
		catch (Throwable failure) {
			AssertionError error = new AssertionError("Failed with seed " + seed + "; reproduce with -D" + SEED_PROPERTY
					+ "=" + seed + ": " + failure, failure);
			throw error;
		}
	}

	/**
	 * A body that takes the inputs and may throw.
	 */
	@FunctionalInterface
	public interface ThrowingConsumer {

		void accept(RandomInputs inputs) throws Throwable;

	}

	public Random random() {
		return this.random;
	}

	public int nextInt(int bound) {
		return this.random.nextInt(bound);
	}

	public boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	@SafeVarargs
	public final <T> T oneOf(T... values) {
		return values[this.random.nextInt(values.length)];
	}

	@SafeVarargs
	public final <T> T oneOf(Supplier<T>... suppliers) {
		return suppliers[this.random.nextInt(suppliers.length)].get();
	}

	/**
	 * A metric name: mostly from a pool of ordinary and colliding names, sometimes null,
	 * blank, without letters, in any Unicode, or huge.
	 * @return the name
	 */
	public String name() {
		int pick = this.random.nextInt(100);
		if (pick < 55) {
			return this.pool[this.random.nextInt(this.pool.length)];
		}
		if (pick < 58) {
			return null;
		}
		if (pick < 63) {
			return oneOf("", " ", "\t", "___", "...", "-", "\u00e9", "\ud83d\ude00", "\u0000");
		}
		if (pick < 70) {
			return this.pool[this.random.nextInt(this.pool.length)] + "." + unicode(1 + this.random.nextInt(4));
		}
		if (pick < 72) {
			return "huge." + "x".repeat(1000 + this.random.nextInt(20_000));
		}
		return unicode(1 + this.random.nextInt(30));
	}

	/**
	 * A string of random code points, from ASCII to astral planes, control characters and
	 * lone surrogates included.
	 * @param length how many code points
	 * @return the string
	 */
	public String unicode(int length) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int pick = this.random.nextInt(10);
			if (pick < 5) {
				out.append((char) (0x20 + this.random.nextInt(0x5f)));
			}
			else if (pick < 6) {
				out.append((char) this.random.nextInt(0x20));
			}
			else if (pick < 7) {
				out.append((char) (0xd800 + this.random.nextInt(0x800)));
			}
			else if (pick < 9) {
				out.append((char) (0xa0 + this.random.nextInt(0xd800 - 0xa0)));
			}
			else {
				out.appendCodePoint(0x10000 + this.random.nextInt(0x10ffff - 0x10000));
			}
		}
		return out.toString();
	}

	/**
	 * A tag map: often empty or ordinary, sometimes null, with null keys or values, odd
	 * value types, blank or colliding keys, or long values.
	 * @return the tags
	 */
	public Map<String, ?> tags() {
		int pick = this.random.nextInt(100);
		if (pick < 30) {
			return Map.of();
		}
		if (pick < 33) {
			return null;
		}
		int size = 1 + this.random.nextInt(3);
		Map<String, Object> tags = new HashMap<>();
		for (int i = 0; i < size; i++) {
			tags.put(tagKey(), tagValue());
		}
		return tags;
	}

	private String tagKey() {
		int pick = this.random.nextInt(100);
		if (pick < 75) {
			return KEYS[this.random.nextInt(KEYS.length)];
		}
		if (pick < 78) {
			return null;
		}
		if (pick < 82) {
			return oneOf("", " ", "!!", "\ud83d\ude00");
		}
		return unicode(1 + this.random.nextInt(12));
	}

	private Object tagValue() {
		int pick = this.random.nextInt(100);
		if (pick < 40) {
			return oneOf("eu", "us", "ok", "error", "", " ", "true", "1");
		}
		if (pick < 50) {
			return this.random.nextInt(5);
		}
		if (pick < 55) {
			return (long) this.random.nextInt(5);
		}
		if (pick < 58) {
			return oneOf(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1.5);
		}
		if (pick < 61) {
			return this.random.nextBoolean();
		}
		if (pick < 63) {
			return oneOf(new BigDecimal("1e400"), BigInteger.TEN.pow(50));
		}
		if (pick < 66) {
			return null;
		}
		if (pick < 70) {
			return oneOf(new Object(), List.of("x"), 'c', Optional.empty(), new StringBuilder("sb"));
		}
		if (pick < 73) {
			return "v".repeat(1000 + this.random.nextInt(10_000));
		}
		return unicode(this.random.nextInt(20));
	}

	/**
	 * A double: often ordinary, often NaN, infinite, negative, zero or extreme.
	 * @return the value
	 */
	public double value() {
		int pick = this.random.nextInt(100);
		if (pick < 50) {
			return this.random.nextInt(1000) / 10.0;
		}
		return oneOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1.0, -0.0, 0.0,
				Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, -this.random.nextDouble());
	}

	public MetricUnit unit() {
		return chance(5) ? null : UNITS[this.random.nextInt(UNITS.length)];
	}

	public TimeUnit timeUnit() {
		return chance(5) ? null : TIME_UNITS[this.random.nextInt(TIME_UNITS.length)];
	}

	public long amount() {
		return oneOf(() -> (long) this.random.nextInt(10_000), () -> -1L, () -> Long.MAX_VALUE,
				() -> Long.MIN_VALUE, () -> 0L);
	}

	/**
	 * A duration: null, negative, zero, ordinary or too long for a long of nanoseconds.
	 * @return the duration
	 */
	public Duration duration() {
		int pick = this.random.nextInt(100);
		if (pick < 60) {
			return Duration.ofMillis(this.random.nextInt(10_000));
		}
		return oneOf(() -> null, () -> Duration.ofMillis(-1), () -> Duration.ZERO,
				() -> Duration.ofSeconds(Long.MAX_VALUE), () -> Duration.ofSeconds(Long.MIN_VALUE),
				() -> Duration.ofNanos(Long.MAX_VALUE));
	}

	private Duration nonNullDuration() {
		Duration duration = duration();
		return (duration != null) ? duration : Duration.ZERO;
	}

	/**
	 * A performance measurement, or null; parts present at random.
	 * @return the measurement
	 */
	public PerformanceMeasurement measurement() {
		if (chance(5)) {
			return null;
		}
		PerformanceMeasurement.Builder builder = PerformanceMeasurement.builder(nonNullDuration());
		if (chance(50)) {
			builder.cpuTime(nonNullDuration());
		}
		if (chance(50)) {
			builder.allocatedBytes(amount());
		}
		if (chance(50)) {
			builder.memoryDeltaBytes(amount());
		}
		if (chance(50)) {
			builder.gc(amount(), nonNullDuration());
		}
		for (int i = this.random.nextInt(3); i > 0; i--) {
			builder.custom(oneOf("rows", "Cache Hits", "", "\ud83d\ude00", unicode(3)),
					oneOf(this.random.nextInt(100), value(), new BigDecimal("1e400")));
		}
		return builder.build();
	}

	/**
	 * A custom metric, or null; type and unit may be null.
	 * @return the metric
	 */
	public CustomMetric customMetric() {
		if (chance(5)) {
			return null;
		}
		MetricType type = chance(5) ? null : TYPES[this.random.nextInt(TYPES.length)];
		return new CustomMetric(name(), type, value(), unit(), tags());
	}

	/**
	 * Custom metrics for a batch, nulls included.
	 * @return the metrics
	 */
	public List<CustomMetric> customMetrics() {
		List<CustomMetric> metrics = new ArrayList<>();
		for (int i = this.random.nextInt(6); i > 0; i--) {
			metrics.add(customMetric());
		}
		return metrics;
	}

}
