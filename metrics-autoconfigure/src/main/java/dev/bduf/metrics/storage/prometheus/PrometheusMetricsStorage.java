package dev.bduf.metrics.storage.prometheus;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.QueryingStorage;
import dev.bduf.metrics.storage.StorageRead;
import dev.bduf.metrics.storage.StorageState;
import dev.bduf.metrics.storage.StoredPoint;
import dev.bduf.metrics.storage.prometheus.PromQl.Family;
import dev.bduf.metrics.storage.prometheus.PrometheusApi.PrometheusApiException;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The read-through {@code prometheus} backend ({@code bduf.metrics.storage.type=prometheus}):
 * the history lives in a Prometheus-compatible server that scrapes the application, and
 * queries are translated to PromQL and answered by its HTTP API
 * ({@code /api/v1/query_range}). Writes do nothing (Prometheus scrapes
 * {@code /actuator/prometheus}); {@link #read} answers nothing, as the query engine asks
 * {@link #query} instead.
 * <p>
 * A query's series are those with the name's Prometheus metric family (see
 * {@link PromQl#resolve}), the query's tags as label matchers, and for a local query the
 * instance's {@code instance_id}; every query is limited to the application's
 * {@code service}, as Redis keys are. Per statistic one range query is sent:
 * <ul>
 * <li>counter: {@code value}, {@code count}, {@code sum}: the counted increase over the
 * step; {@code rate}: that per second;</li>
 * <li>timer and summary: {@code count}, {@code sum}, {@code rate} from {@code _count} and
 * {@code _sum}; {@code mean} and {@code value} their ratio; {@code max}:
 * {@code max_over_time} of {@code _max}; {@code pNN}: {@code histogram_quantile} over the
 * increase of the {@code _bucket} series (only for meters that publish a percentile
 * histogram);</li>
 * <li>gauge: {@code value} the last sample in the step, {@code count}, {@code sum},
 * {@code mean}, {@code min}, {@code max} over the samples in the step.</li>
 * </ul>
 * Other statistics ({@code min} and {@code stddev} of a timer, {@code stddev} of a gauge)
 * have no PromQL counterpart and are left out of the points. Group-by keys become
 * {@code sum by (...)}; without them a series is a Prometheus series without its
 * {@code job} and {@code instance} labels. Nothing here throws: an unreachable server, an
 * error or an unreadable answer is answered with an error message and kept in
 * {@link #state()}.
 */
public final class PrometheusMetricsStorage implements QueryingStorage {

	private final PrometheusApi api;

	private final Retention retention;

	private final @Nullable String service;

	private final Clock clock;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastSuccess;

	/**
	 * Create the backend.
	 * @param url the server's base URL, such as {@code http://prometheus:9090} (the API
	 * is under {@code /api/v1})
	 * @param timeout how long one request may take, connecting included
	 * @param headers headers sent with every request (for example a tenant header)
	 * @param service the application's {@code service} tag, or {@code null} not to limit
	 * queries to one service
	 * @param retention what the query engine assumes is kept
	 * @param clock the clock
	 */
	public PrometheusMetricsStorage(URI url, Duration timeout, Map<String, String> headers, @Nullable String service,
			Retention retention, Clock clock) {
		this.api = new PrometheusApi(Objects.requireNonNull(url, "url"), Objects.requireNonNull(timeout, "timeout"),
				headers);
		this.service = service;
		this.retention = Objects.requireNonNull(retention, "retention");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public String backend() {
		return "prometheus";
	}

	/**
	 * Does nothing: Prometheus scrapes the application.
	 * @param snapshot ignored
	 */
	@Override
	public void write(StepSnapshot snapshot) {
	}

	/**
	 * Answers nothing: the query engine asks {@link #query} instead.
	 * @param read ignored
	 * @return an empty list
	 */
	@Override
	public List<StoredPoint> read(StorageRead read) {
		return List.of();
	}

	@Override
	public SortedSet<String> names(@Nullable String instanceId) {
		Map<String, String> matchers = matchers(Map.of(), instanceId);
		String match = matchers.isEmpty() ? "{__name__=~\".+\"}" : PromQl.selector("", matchers);
		Instant now = Instant.ofEpochMilli(this.clock.wallTime());
		try {
			JsonNode data = this.api.names(match, now.minus(this.retention.raw()), now);
			SortedSet<String> names = new TreeSet<>();
			for (JsonNode name : data) {
				names.add(name.asString());
			}
			succeeded();
			return names;
		}
		catch (PrometheusApiException ex) {
			failed(ex.getMessage());
			return new TreeSet<>();
		}
		catch (RuntimeException ex) {
			failed("Reading names from Prometheus at " + this.api.url() + " failed: " + ex);
			return new TreeSet<>();
		}
	}

	@Override
	public Retention retention() {
		return this.retention;
	}

	@Override
	public StorageState state() {
		return new StorageState(backend(), this.lastSuccess, 0, 0, 0, Duration.ZERO, this.lastError);
	}

	@Override
	public AggregatedMetrics query(MetricsQuery query, Instant from, Instant to, Duration step,
			List<String> statistics, @Nullable String instanceId, int maxSeries) {
		try {
			AggregatedMetrics answer = answer(query, from, to, step, statistics, instanceId, maxSeries);
			succeeded();
			return answer;
		}
		catch (PrometheusApiException ex) {
			failed(ex.getMessage());
			return AggregatedMetrics.error(query.name(), ex.getMessage());
		}
		catch (RuntimeException ex) {
			String message = "Reading " + query.name() + " from Prometheus at " + this.api.url() + " failed: " + ex;
			failed(message);
			return AggregatedMetrics.error(query.name(), message);
		}
	}

	private AggregatedMetrics answer(MetricsQuery query, Instant from, Instant to, Duration step,
			List<String> statistics, @Nullable String instanceId, int maxSeries) {
		long stepMillis = step.toMillis();
		long buckets = Math.max(1, -Math.floorDiv(-(to.toEpochMilli() - from.toEpochMilli()), stepMillis));
		Instant firstEnd = from.plus(step);
		Instant lastEnd = from.plusMillis(buckets * stepMillis);
		Map<String, String> matchers = matchers(query.tags(), instanceId);
		Family family = family(query.name(), from.minus(step), lastEnd);
		Map<Map<String, String>, SortedMap<Instant, Map<String, Double>>> series = new HashMap<>();
		if (family != null) {
			for (String statistic : statistics) {
				String promql = PromQl.expression(family, statistic, matchers, query.groupBy(), step);
				if (promql == null) {
					continue;
				}
				JsonNode data = this.api.queryRange(promql, firstEnd, lastEnd, step);
				for (JsonNode result : data.path("result")) {
					Map<String, String> tags = tags(result.path("metric"));
					SortedMap<Instant, Map<String, Double>> points = series.computeIfAbsent(tags,
							(key) -> new TreeMap<>());
					for (JsonNode sample : result.path("values")) {
						double value = number(sample.path(1).asString(""));
						if (!Double.isFinite(value)) {
							continue;
						}
						long end = Math.round(sample.path(0).asDouble() * 1000);
						Instant start = Instant.ofEpochMilli(end - stepMillis);
						if (start.isBefore(from) || !start.isBefore(to)) {
							continue;
						}
						points.computeIfAbsent(start, (key) -> new LinkedHashMap<>()).put(statistic, value);
					}
				}
			}
		}
		List<Map.Entry<Map<String, String>, SortedMap<Instant, Map<String, Double>>>> ordered = new ArrayList<>();
		for (Map.Entry<Map<String, String>, SortedMap<Instant, Map<String, Double>>> entry : series.entrySet()) {
			if (!entry.getValue().isEmpty()) {
				ordered.add(entry);
			}
		}
		ordered.sort(Comparator.comparing((entry) -> new TreeMap<>(entry.getKey()).toString()));
		boolean truncated = false;
		if (ordered.size() > maxSeries) {
			ordered = ordered.subList(0, maxSeries);
			truncated = true;
		}
		List<AggregatedMetrics.Series> answer = new ArrayList<>(ordered.size());
		for (Map.Entry<Map<String, String>, SortedMap<Instant, Map<String, Double>>> entry : ordered) {
			answer.add(new AggregatedMetrics.Series(entry.getKey(), ordered(entry.getValue(), statistics)));
		}
		return new AggregatedMetrics(query.name(), from, to, step, "prometheus", statistics, answer, truncated, null);
	}

	/** The statistics of each point in the order asked. */
	private static SortedMap<Instant, Map<String, Double>> ordered(SortedMap<Instant, Map<String, Double>> points,
			List<String> statistics) {
		SortedMap<Instant, Map<String, Double>> ordered = new TreeMap<>();
		points.forEach((time, values) -> {
			Map<String, Double> inOrder = new LinkedHashMap<>();
			for (String statistic : statistics) {
				Double value = values.get(statistic);
				if (value != null) {
					inOrder.put(statistic, value);
				}
			}
			ordered.put(time, inOrder);
		});
		return ordered;
	}

	private @Nullable Family family(String name, Instant from, Instant to) {
		// the base name holds only [a-zA-Z0-9_:], none of which a regular expression reads
		Map<String, String> service = (this.service != null) ? Map.of("service", this.service) : Map.of();
		String selector = PromQl.selector("", service);
		String match = "{__name__=~" + PromQl.quote(PromQl.baseName(name) + ".*")
				+ (service.isEmpty() ? "" : "," + selector.substring(1, selector.length() - 1)) + "}";
		Set<String> known = new HashSet<>();
		for (JsonNode found : this.api.names(match, from, to)) {
			known.add(found.asString());
		}
		return PromQl.resolve(name, known);
	}

	private Map<String, String> matchers(Map<String, String> tags, @Nullable String instanceId) {
		Map<String, String> matchers = new TreeMap<>(tags);
		if (this.service != null) {
			matchers.putIfAbsent("service", this.service);
		}
		if (instanceId != null) {
			matchers.put("instance_id", instanceId);
		}
		return matchers;
	}

	private static Map<String, String> tags(JsonNode metric) {
		Map<String, String> tags = new TreeMap<>();
		for (Iterator<Map.Entry<String, JsonNode>> fields = metric.properties().iterator(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			if (!field.getKey().equals("__name__") && !PromQl.TARGET_LABELS.contains(field.getKey())) {
				tags.put(field.getKey(), field.getValue().asString());
			}
		}
		return tags;
	}

	private static double number(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "" -> Double.NaN;
			default -> {
				try {
					yield Double.parseDouble(text);
				}
				catch (NumberFormatException ex) {
					yield Double.NaN;
				}
			}
		};
	}

	private void succeeded() {
		this.lastSuccess = Instant.ofEpochMilli(this.clock.wallTime());
		this.lastError = null;
	}

	private void failed(@Nullable String message) {
		this.lastError = (message != null) ? message : "Prometheus query failed";
	}

}
