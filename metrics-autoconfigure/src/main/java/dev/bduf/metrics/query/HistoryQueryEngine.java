package dev.bduf.metrics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.SketchMerger;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.QueryingStorage;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StoredPoint;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Answers {@link MetricsQuery queries} from a {@link MetricsStorage}.
 * <p>
 * <b>Rollup.</b> The engine reads the coarsest resolution whose retention reaches back to
 * {@code from} and whose step divides the query's step, so a day at a ten-minute step
 * reads ten-minute rollups and a day at one minute reads one-minute rollups. A rollup
 * holds a period once the period has ended, so the newest, incomplete period is read from
 * the next finer resolution, down to raw steps (the answer's rollup is then, for example,
 * {@code 10m+1m+raw}). The merged answer steps made only of completed rollups are kept
 * and reused while the storage's {@link MetricsStorage#version version} of that
 * resolution is unchanged (the memory storage's changes when it writes that resolution),
 * so a dashboard asking again merges only the newest period. Without a step,
 * the answer's step is the smallest multiple of the finest resolution that reaches back
 * to {@code from} giving at most {@value #DEFAULT_POINTS} points per series; a step finer
 * than the resolution's is raised to it.
 * <p>
 * A step at least as long as the range gives one point over the whole range, starting at
 * {@code from} rounded down to the resolution's step (business reports ask so for a
 * period).
 * <p>
 * <b>Statistics</b> per answer point (a point covers {@code [t, t + step)}; its series
 * are merged):
 * <ul>
 * <li>{@code value}: a counter's increase, the sum of the gauges' last samples, a timer's
 * or summary's mean;</li>
 * <li>{@code count}: a counter's increase, a timer's or summary's events, a gauge's
 * samples;</li>
 * <li>{@code sum}: a counter's increase, the total of the events, the sum of the
 * samples;</li>
 * <li>{@code rate}: per second over the step, of a counter's increase or of the
 * events;</li>
 * <li>{@code mean}: {@code sum / count};</li>
 * <li>{@code min}, {@code max}: of the samples or events (a timer's minimum comes from
 * its sketch);</li>
 * <li>{@code stddev}: of the events from the sketch for timers and summaries; else of the
 * stored points' means (exact at raw resolution, of the rolled-up means above it);</li>
 * <li>{@code pNN}: from the merged sketch of the events.</li>
 * </ul>
 * Counts, sums, rates, means, minimums, maximums and percentiles of a rollup equal those
 * of the raw steps it merged. A statistic that does not apply or has no data is left out
 * of the point; steps without data have no point.
 * <p>
 * <b>Scope.</b> A {@link MetricsQuery.Scope#CLUSTER cluster} query reads every instance
 * that shares the storage; storage that holds this instance's history only (memory,
 * files) answers with this instance's history and says so in the answer's
 * {@link AggregatedMetrics#note() note}.
 * <p>
 * <b>Limits.</b> An answer of more than {@code maxPoints} points (series times steps) or
 * more than {@code maxSeries} series is cut to fit and marked truncated; a range and step
 * that alone exceed {@code maxPoints} are refused with an error. Storage is read up to
 * ten times {@code maxPoints} stored points.
 * <p>
 * <b>Read-through backends.</b> A {@link QueryingStorage} (the {@code prometheus}
 * backend) is handed the checked query, its step (without one: the range over
 * {@value #DEFAULT_POINTS} points, in whole seconds) and the same limits, and answers it
 * itself.
 */
public final class HistoryQueryEngine implements Function<MetricsQuery, AggregatedMetrics> {

	static final int DEFAULT_POINTS = 360;


	private final MetricsStorage storage;

	private final Clock clock;

	private final Duration rawStep;

	private final String instanceId;

	private final int maxPoints;

	private final int maxSeries;

	private final AnswerCache cache = new AnswerCache();

	/**
	 * Create an engine.
	 * @param storage where the history is
	 * @param clock what "now" is
	 * @param rawStep the recorder's step
	 * @param instanceId this instance, for {@link MetricsQuery.Scope#LOCAL}
	 * @param maxPoints the most points (series times steps) in one answer
	 * @param maxSeries the most series in one answer
	 */
	public HistoryQueryEngine(MetricsStorage storage, Clock clock, Duration rawStep, String instanceId, int maxPoints,
			int maxSeries) {
		this.storage = Objects.requireNonNull(storage, "storage");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.rawStep = Objects.requireNonNull(rawStep, "rawStep");
		this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
		if (maxPoints <= 0 || maxSeries <= 0) {
			throw new IllegalArgumentException("maxPoints and maxSeries must be positive");
		}
		this.maxPoints = maxPoints;
		this.maxSeries = maxSeries;
	}

	/**
	 * The names with history.
	 * @param scope this instance's, or every instance's
	 * @return the names
	 */
	public SortedSet<String> names(MetricsQuery.Scope scope) {
		return this.storage.names((scope == MetricsQuery.Scope.CLUSTER) ? null : this.instanceId);
	}

	/**
	 * Answer a query. Never throws.
	 * @param query the query
	 * @return the answer, or an answer with an error message
	 */
	@Override
	public AggregatedMetrics apply(@Nullable MetricsQuery query) {
		if (query == null) {
			return AggregatedMetrics.error("", "A query is required");
		}
		try {
			return answer(query);
		}
		catch (BadQuery ex) {
			return AggregatedMetrics.error(query.name(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			return AggregatedMetrics.error(query.name(), "The query failed: " + ex);
		}
	}

	private AggregatedMetrics answer(MetricsQuery query) {
		if (query.name().isBlank()) {
			throw new BadQuery("A meter name is required");
		}
		Instant now = Instant.ofEpochMilli(this.clock.wallTime());
		Instant to = (query.to() != null) ? query.to() : now;
		Instant from = (query.from() != null) ? query.from() : to.minus(Duration.ofHours(1));
		if (!from.isBefore(to)) {
			throw new BadQuery("from (" + from + ") must be before to (" + to + ")");
		}
		List<Statistic> statistics = statistics(query.statistics());
		for (String key : query.groupBy()) {
			if (key.isBlank()) {
				throw new BadQuery("A groupBy key must not be blank");
			}
		}
		Duration step = query.step();
		if (step != null && (step.isNegative() || step.isZero())) {
			throw new BadQuery("step must be positive: " + step);
		}
		if (this.storage instanceof QueryingStorage querying) {
			return readThrough(querying, query, from, to, step, statistics);
		}
		Retention retention = this.storage.retention();
		if (step == null) {
			Duration finest = finestCovering(from, now, retention).step(this.rawStep);
			long wanted = ceilDiv(to.toEpochMilli() - from.toEpochMilli(), DEFAULT_POINTS);
			step = finest.multipliedBy(Math.max(1, ceilDiv(wanted, finest.toMillis())));
		}
		Resolution resolution = pick(step, from, now, retention);
		Duration resolutionStep = resolution.step(this.rawStep);
		if (step.compareTo(resolutionStep) < 0) {
			step = resolutionStep;
		}
		long stepMillis = step.toMillis();
		if (stepMillis <= 0) {
			throw new BadQuery("step must be at least one millisecond: " + step);
		}
		// A step as long as the range asks for one point over the range: it starts at from,
		// rounded down to the resolution's step, rather than at a multiple of the step.
		long rangeMillis = to.toEpochMilli() - from.toEpochMilli();
		boolean whole = stepMillis >= rangeMillis;
		long alignMillis = whole ? resolutionStep.toMillis() : stepMillis;
		Instant alignedFrom = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), alignMillis) * alignMillis);
		if (whole) {
			stepMillis = Math.max(stepMillis, to.toEpochMilli() - alignedFrom.toEpochMilli());
			step = Duration.ofMillis(stepMillis);
		}
		long buckets = ceilDiv(to.toEpochMilli() - alignedFrom.toEpochMilli(), stepMillis);
		if (buckets > this.maxPoints) {
			throw new BadQuery("From " + from + " to " + to + " at a step of " + step + " makes " + buckets
					+ " points per series, more than bduf.metrics.query.max-points (" + this.maxPoints
					+ "); use a larger step or a shorter range");
		}
		int readLimit = (int) Math.min(Integer.MAX_VALUE - 1, 10L * this.maxPoints);
		String instance = (query.scope() == MetricsQuery.Scope.CLUSTER) ? null : this.instanceId;
		// A rollup holds a period once it has ended: the newest, incomplete period comes
		// from the next finer resolution (the rollups equal the raw steps they merge), so a
		// day at ten minutes reads ten-minute rollups, then one-minute rollups for the
		// current ten minutes, then raw steps for the current minute.
		List<StoredPoint> stored = new ArrayList<>();
		StringBuilder rollup = new StringBuilder();
		Instant cursor = alignedFrom;
		long from0 = alignedFrom.toEpochMilli();
		// The answer steps made entirely of completed rollups do not change until the
		// storage writes that resolution again: their merged groups are kept and reused.
		CacheKey cacheKey = new CacheKey(query.name(), query.tags(), query.groupBy(), instance, resolution,
				stepMillis);
		long version = (resolution != Resolution.RAW) ? this.storage.version(resolution) : -1;
		int fullBuckets = 0;
		List<Map<Map<String, String>, Acc>> cached = null;
		for (int r = resolution.ordinal(); r >= 0 && cursor.isBefore(to) && stored.size() <= readLimit; r--) {
			Resolution current = Resolution.values()[r];
			if (current != resolution && !covers(current, cursor, now, retention)) {
				break;
			}
			Instant end = to;
			if (r > 0) {
				long millis = current.step(this.rawStep).toMillis();
				Instant complete = Instant
					.ofEpochMilli(Math.floorDiv(now.toEpochMilli() - this.rawStep.toMillis(), millis) * millis);
				Instant finerFrom = complete.isAfter(cursor) ? complete : cursor;
				if (complete.isBefore(to) && covers(Resolution.values()[r - 1], finerFrom, now, retention)) {
					end = complete;
				}
			}
			if (current == resolution && version >= 0) {
				fullBuckets = (int) Math.min(buckets, Math.max(0, (end.toEpochMilli() - from0) / stepMillis));
				cached = this.cache.get(cacheKey, version, from0, stepMillis, fullBuckets);
				if (cached != null) {
					rollup.append(label(current));
					cursor = Instant.ofEpochMilli(from0 + fullBuckets * stepMillis);
				}
			}
			if (end.isAfter(cursor)) {
				stored.addAll(this.storage.read(new StorageRead(query.name(), query.tags(), cursor, end, current,
						instance, Math.max(1, readLimit - stored.size()))));
				if (!(cached != null && current == resolution)) {
					rollup.append((rollup.length() > 0) ? "+" : "").append(label(current));
				}
				cursor = end;
			}
		}
		if (rollup.length() == 0) {
			rollup.append(label(resolution));
		}
		boolean truncated = false;
		if (stored.size() > readLimit) {
			stored = stored.subList(0, readLimit);
			truncated = true;
		}
		// Points go straight into their group's step: one sketch per group and step, merged
		// bin by bin. The group of a series is found once per tags object (the storage
		// shares one per series).
		Map<Map<String, String>, Acc[]> groups = new HashMap<>();
		Map<Map<String, String>, Acc[]> byTags = new IdentityHashMap<>();
		if (cached != null) {
			for (int i = 0; i < cached.size(); i++) {
				for (Map.Entry<Map<String, String>, Acc> group : cached.get(i).entrySet()) {
					groups.computeIfAbsent(group.getKey(), (key) -> new Acc[(int) buckets])[i] = group.getValue();
				}
			}
		}
		for (StoredPoint point : stored) {
			long offset = point.start().toEpochMilli() - from0;
			if (offset < 0 || offset / stepMillis >= buckets) {
				continue;
			}
			int bucket = (int) (offset / stepMillis);
			SortedMap<String, String> tags = point.point().tags();
			Acc[] accs = byTags.get(tags);
			if (accs == null) {
				accs = groups.computeIfAbsent(groupTags(tags, query.groupBy()), (key) -> new Acc[(int) buckets]);
				byTags.put(tags, accs);
			}
			Acc acc = accs[bucket];
			if (acc == null) {
				acc = new Acc(point.point().kind());
				accs[bucket] = acc;
			}
			acc.addPoint(point);
		}
		if (cached == null && version >= 0 && !truncated && fullBuckets > 0
				&& (long) groups.size() * fullBuckets <= AnswerCache.MAX_ACCUMULATORS) {
			List<Map<Map<String, String>, Acc>> complete = new ArrayList<>(fullBuckets);
			for (int i = 0; i < fullBuckets; i++) {
				Map<Map<String, String>, Acc> bucket = new HashMap<>();
				for (Map.Entry<Map<String, String>, Acc[]> group : groups.entrySet()) {
					Acc acc = group.getValue()[i];
					if (acc != null) {
						acc.freeze();
						bucket.put(group.getKey(), acc);
					}
				}
				complete.add(bucket);
			}
			this.cache.put(cacheKey, version, from0, stepMillis, complete);
		}
		List<Map.Entry<Map<String, String>, Acc[]>> ordered = new ArrayList<>(groups.entrySet());
		ordered.sort(Comparator.comparing((Map.Entry<Map<String, String>, Acc[]> e) -> e.getKey().toString()));
		long keep = Math.min(this.maxSeries, Math.max(1, this.maxPoints / buckets));
		if (ordered.size() > keep) {
			ordered = ordered.subList(0, (int) keep);
			truncated = true;
		}
		double stepSeconds = stepMillis / 1000.0;
		List<AggregatedMetrics.Series> result = new ArrayList<>(ordered.size());
		for (Map.Entry<Map<String, String>, Acc[]> group : ordered) {
			SortedMap<Instant, Map<String, Double>> points = new TreeMap<>();
			Acc[] accs = group.getValue();
			for (int i = 0; i < buckets; i++) {
				if (accs[i] != null) {
					points.put(Instant.ofEpochMilli(from0 + i * stepMillis), accs[i].values(statistics, stepSeconds));
				}
			}
			result.add(new AggregatedMetrics.Series(group.getKey(), points));
		}
		List<String> names = new ArrayList<>(statistics.size());
		for (Statistic statistic : statistics) {
			names.add(statistic.name());
		}
		return new AggregatedMetrics(query.name(), alignedFrom, to, step,
				rollup.toString(), names, result, truncated, null,
				(query.scope() == MetricsQuery.Scope.CLUSTER && !this.storage.sharedAcrossInstances())
						? "scope=cluster answered from this instance only: the " + this.storage.backend()
								+ " storage holds this instance's history (bduf.metrics.storage.type=redis shares it)"
						: null);
	}

	/**
	 * A backend that answers queries itself: the step is the one asked for, or the
	 * range over {@value #DEFAULT_POINTS} points in whole seconds.
	 */
	private AggregatedMetrics readThrough(QueryingStorage storage, MetricsQuery query, Instant from, Instant to,
			@Nullable Duration step, List<Statistic> statistics) {
		long rangeMillis = to.toEpochMilli() - from.toEpochMilli();
		long stepMillis = (step != null) ? step.toMillis()
				: Math.max(1, ceilDiv(ceilDiv(rangeMillis, DEFAULT_POINTS), 1000)) * 1000;
		if (stepMillis <= 0) {
			throw new BadQuery("step must be at least one millisecond: " + step);
		}
		Instant alignedFrom = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), stepMillis) * stepMillis);
		long buckets = ceilDiv(to.toEpochMilli() - alignedFrom.toEpochMilli(), stepMillis);
		if (buckets > this.maxPoints) {
			throw new BadQuery("From " + from + " to " + to + " at a step of " + Duration.ofMillis(stepMillis)
					+ " makes " + buckets + " points per series, more than bduf.metrics.query.max-points ("
					+ this.maxPoints + "); use a larger step or a shorter range");
		}
		List<String> names = new ArrayList<>(statistics.size());
		for (Statistic statistic : statistics) {
			names.add(statistic.name());
		}
		String instance = (query.scope() == MetricsQuery.Scope.CLUSTER) ? null : this.instanceId;
		int maxSeries = (int) Math.min(this.maxSeries, Math.max(1, this.maxPoints / buckets));
		return storage.query(query, alignedFrom, to, Duration.ofMillis(stepMillis), names, instance, maxSeries);
	}

	private static List<Statistic> statistics(List<String> requested) {
		if (requested.isEmpty()) {
			return List.of(new Statistic("value", Double.NaN));
		}
		Map<String, Statistic> statistics = new LinkedHashMap<>();
		for (String text : requested) {
			Statistic statistic = Statistic.parse(text);
			if (statistic == null) {
				throw new BadQuery("Unknown statistic '" + text + "'; use " + Statistic.KNOWN);
			}
			statistics.put(statistic.name(), statistic);
		}
		return List.copyOf(statistics.values());
	}

	/**
	 * The coarsest resolution that reaches back to {@code from} and whose step divides
	 * the query's; failing that, the finest that reaches back (or the coarsest there is).
	 */
	private Resolution pick(Duration step, Instant from, Instant now, Retention retention) {
		Resolution[] resolutions = Resolution.values();
		for (int i = resolutions.length - 1; i >= 0; i--) {
			long resolutionStep = resolutions[i].step(this.rawStep).toMillis();
			if (step.toMillis() % resolutionStep == 0 && covers(resolutions[i], from, now, retention)) {
				return resolutions[i];
			}
		}
		return finestCovering(from, now, retention);
	}

	private Resolution finestCovering(Instant from, Instant now, Retention retention) {
		for (Resolution resolution : Resolution.values()) {
			if (covers(resolution, from, now, retention)) {
				return resolution;
			}
		}
		return Resolution.TEN_MINUTES;
	}

	private static boolean covers(Resolution resolution, Instant from, Instant now, Retention retention) {
		return !from.isBefore(now.minus(retention.of(resolution)));
	}

	static String label(Resolution resolution) {
		return switch (resolution) {
			case RAW -> "raw";
			case MINUTE -> "1m";
			case TEN_MINUTES -> "10m";
		};
	}

	private static Map<String, String> groupTags(Map<String, String> tags, List<String> groupBy) {
		if (groupBy.isEmpty()) {
			return tags;
		}
		Map<String, String> group = new TreeMap<>();
		for (String key : groupBy) {
			String value = tags.get(key);
			if (value != null) {
				group.put(key, value);
			}
		}
		return group;
	}

	private static long ceilDiv(long a, long b) {
		return -Math.floorDiv(-a, b);
	}

	private record SeriesId(String instanceId, Map<String, String> tags) {
	}

	/**
	 * What a query's completed steps depend on, apart from their time.
	 */
	private record CacheKey(String name, Map<String, String> tags, List<String> groupBy, @Nullable String instance,
			Resolution resolution, long stepMillis) {
	}

	/**
	 * The merged groups of answer steps made entirely of completed rollups, per query
	 * shape, valid while the storage's {@link MetricsStorage#version version} of that
	 * resolution is unchanged. Bounded: the {@value #MAX_SHAPES} most recently used query
	 * shapes, each of at most {@value #MAX_ACCUMULATORS} merged groups times steps.
	 */
	static final class AnswerCache {

		static final int MAX_SHAPES = 16;

		static final long MAX_ACCUMULATORS = 20_000;

		private final Map<CacheKey, Steps> shapes = new LinkedHashMap<>(32, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<CacheKey, Steps> eldest) {
				return size() > MAX_SHAPES;
			}

		};

		synchronized @Nullable List<Map<Map<String, String>, Acc>> get(CacheKey key, long version, long from,
				long stepMillis, int count) {
			Steps steps = this.shapes.get(key);
			if (steps == null || steps.version != version || count == 0) {
				return null;
			}
			List<Map<Map<String, String>, Acc>> found = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Map<Map<String, String>, Acc> step = steps.byStart.get(from + i * stepMillis);
				if (step == null) {
					return null;
				}
				found.add(step);
			}
			return found;
		}

		synchronized void put(CacheKey key, long version, long from, long stepMillis,
				List<Map<Map<String, String>, Acc>> complete) {
			Steps steps = this.shapes.get(key);
			if (steps == null || steps.version != version) {
				steps = new Steps(version);
				this.shapes.put(key, steps);
			}
			for (int i = 0; i < complete.size(); i++) {
				steps.byStart.put(from + i * stepMillis, complete.get(i));
			}
		}

		private static final class Steps {

			private final long version;

			private final Map<Long, Map<Map<String, String>, Acc>> byStart = new HashMap<>();

			Steps(long version) {
				this.version = version;
			}

		}

	}

	/**
	 * The points of one series, then of one group, in one answer step.
	 */
	static final class Acc {

		private final MeterKind kind;

		private long count;

		private double sum;

		private double min = Double.NaN;

		private double max = Double.NaN;

		/** The newest sample of each series, for samples (gauges): time and value. */
		private @Nullable Map<SeriesId, double[]> lasts;

		private long means;

		private double sumOfMeans;

		private double sumOfSquaredMeans;

		private @Nullable SketchMerger merger;

		private @Nullable DDSketch sketch;

		Acc(MeterKind kind) {
			this.kind = kind;
		}

		void addPoint(StoredPoint stored) {
			SeriesPoint point = stored.point();
			this.count += point.count();
			if (!Double.isNaN(point.sum())) {
				this.sum += point.sum();
			}
			this.min = minOf(this.min, point.min());
			this.max = maxOf(this.max, point.max());
			if (!this.kind.isCumulative() && !Double.isNaN(point.last())) {
				if (this.lasts == null) {
					this.lasts = new HashMap<>();
				}
				double time = stored.start().toEpochMilli();
				double[] last = this.lasts.computeIfAbsent(new SeriesId(stored.instanceId(), point.tags()),
						(key) -> new double[] { Double.NEGATIVE_INFINITY, Double.NaN });
				if (time >= last[0]) {
					last[0] = time;
					last[1] = point.last();
				}
			}
			double mean = point.mean();
			if (!Double.isNaN(mean)) {
				this.means++;
				this.sumOfMeans += mean;
				this.sumOfSquaredMeans += mean * mean;
			}
			Sketch sketch = point.sketch();
			if (sketch != null) {
				if (this.merger == null) {
					this.merger = new SketchMerger(sketch.relativeAccuracy());
				}
				this.merger.add(sketch);
			}
		}

		private double lastSum() {
			if (this.lasts == null) {
				return Double.NaN;
			}
			double sum = 0;
			for (double[] last : this.lasts.values()) {
				sum += last[1];
			}
			return sum;
		}

		/**
		 * Build the merged sketch now, so the accumulator can be shared read-only.
		 */
		void freeze() {
			if (this.merger != null && this.sketch == null) {
				this.sketch = this.merger.toDDSketch();
			}
			this.merger = null;
		}

		Map<String, Double> values(List<Statistic> statistics, double stepSeconds) {
			if (this.merger != null && this.sketch == null) {
				this.sketch = this.merger.toDDSketch();
			}
			Map<String, Double> values = new LinkedHashMap<>();
			for (Statistic statistic : statistics) {
				double value = value(statistic, stepSeconds);
				if (!Double.isNaN(value)) {
					values.put(statistic.name(), value);
				}
			}
			return values;
		}

		private double value(Statistic statistic, double stepSeconds) {
			boolean counter = this.kind == MeterKind.COUNTER;
			boolean distribution = this.kind == MeterKind.TIMER || this.kind == MeterKind.SUMMARY;
			DDSketch sketch = this.sketch;
			if (statistic.isPercentile()) {
				return (sketch != null && !sketch.isEmpty()) ? sketch.getValueAtQuantile(statistic.quantile())
						: Double.NaN;
			}
			return switch (statistic.name()) {
				case "value" -> counter ? this.sum : distribution ? mean() : lastSum();
				case "count" -> counter ? this.sum : this.count;
				case "sum" -> this.sum;
				case "rate" -> counter ? this.sum / stepSeconds : distribution ? this.count / stepSeconds : Double.NaN;
				case "mean" -> mean();
				case "min" -> (Double.isNaN(this.min) && sketch != null && !sketch.isEmpty()) ? sketch.getMinValue()
						: this.min;
				case "max" -> this.max;
				case "stddev" -> distribution ? sketchStddev() : meansStddev();
				default -> Double.NaN;
			};
		}

		private double mean() {
			return (this.count > 0) ? this.sum / this.count : Double.NaN;
		}

		private double meansStddev() {
			if (this.means == 0) {
				return Double.NaN;
			}
			double mean = this.sumOfMeans / this.means;
			return Math.sqrt(Math.max(0, this.sumOfSquaredMeans / this.means - mean * mean));
		}

		private double sketchStddev() {
			DDSketch sketch = this.sketch;
			if (sketch == null || sketch.isEmpty()) {
				return Double.NaN;
			}
			IndexMapping mapping = sketch.getIndexMapping();
			double n = sketch.getCount();
			double mean = (this.count > 0) ? this.sum / this.count : 0;
			double[] squares = { 0 };
			sketch.getPositiveValueStore().forEach((index, count) -> {
				double value = mapping.value(index);
				squares[0] += count * (value - mean) * (value - mean);
			});
			double zeroes = n - sketch.getPositiveValueStore().getTotalCount();
			squares[0] += zeroes * mean * mean;
			return Math.sqrt(squares[0] / n);
		}

		private static double minOf(double a, double b) {
			return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
		}

		private static double maxOf(double a, double b) {
			return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
		}

	}

	/**
	 * A query that cannot be answered; its message says why.
	 */
	private static final class BadQuery extends RuntimeException {

		BadQuery(String message) {
			super(message, null, false, false);
		}

	}

}
