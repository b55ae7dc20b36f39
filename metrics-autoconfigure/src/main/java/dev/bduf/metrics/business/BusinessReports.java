package dev.bduf.metrics.business;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.MetricsQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Business reports of a period: the business report, the return on investment and usage
 * analytics. The business meters are found in the registry (which it only reads, never
 * registers into); their values over the period come from the metric history through
 * {@link MetricsCollector#getAggregatedMetrics}, one point per series over the whole
 * period (and over the previous period of the same length, for the trend). The period's
 * bounds are rounded down to the history's resolution there. When the history cannot
 * answer (turned off), values are the registry's cumulative values since the collector
 * started, whatever the period, and each report says so in its {@code basis}. Distinct
 * users come from the tracker's daily HyperLogLog sketches and follow the period's UTC
 * days.
 */
public final class BusinessReports {

	/** The basis of values read from cumulative meters. */
	public static final String CUMULATIVE_BASIS = "cumulative-since-start";

	/** The basis of values read from the metric history over the period. */
	public static final String HISTORY_BASIS = "history";

	private static final String[] STATISTICS = { "count", "sum", "mean", "rate", "value", "p50", "p95", "p99" };

	/** Most days listed in {@link UsageAnalytics#dailyActiveUsers()}: the last ones. */
	static final int MAX_DAYS_LISTED = 366;

	private final MeterRegistry registry;

	private final MetricsCollector collector;

	private final BusinessMetricsTracker tracker;

	private final BusinessMetricFailures failures;

	private final String baseCurrency;

	private final Map<String, BigDecimal> rates;

	/**
	 * Create the reports.
	 * @param registry the registry meters are read from
	 * @param collector tells since when the data covers
	 * @param tracker estimates distinct users
	 * @param failures business metrics that could not be recorded
	 * @param baseCurrency ISO 4217 code the ROI converts to
	 * @param rates per currency code, units of the base currency one unit is worth
	 */
	public BusinessReports(MeterRegistry registry, MetricsCollector collector, BusinessMetricsTracker tracker,
			BusinessMetricFailures failures, String baseCurrency, Map<String, BigDecimal> rates) {
		this.registry = registry;
		this.collector = collector;
		this.tracker = tracker;
		this.failures = failures;
		this.baseCurrency = baseCurrency.strip().toUpperCase(Locale.ROOT);
		Map<String, BigDecimal> upper = new TreeMap<>();
		rates.forEach((code, rate) -> {
			if (rate == null || rate.signum() <= 0) {
				throw new IllegalArgumentException("The rate of " + code + " must be positive, was " + rate);
			}
			upper.put(code.strip().toUpperCase(Locale.ROOT), rate);
		});
		upper.put(this.baseCurrency, BigDecimal.ONE);
		this.rates = Map.copyOf(upper);
	}

	/**
	 * The business report of a period: every business meter, distinct users and failures.
	 * @param period the period
	 * @return the report
	 */
	public BusinessReport generateBusinessReport(TimePeriod period) {
		History history = new History(period);
		TimePeriod previous = new TimePeriod(period.from().minus(period.length()), period.from());
		History before = new History(previous);
		List<BusinessReport.MetricLine> lines = new ArrayList<>();
		for (Meter meter : this.registry.getMeters()) {
			if (isBusiness(meter)) {
				BusinessReport.MetricLine line = line(meter, history, before);
				if (line != null) {
					lines.add(line);
				}
			}
		}
		lines.sort(Comparator.comparing(BusinessReport.MetricLine::name)
			.thenComparing((line) -> new TreeMap<>(line.tags()).toString()));
		return new BusinessReport(period, dataSince(), history.basis(), distinctUsers(period), this.failures.total(),
				lines);
	}

	/**
	 * Return on investment of a period, per currency and in the base currency; see
	 * {@link RoiReport} for the formula.
	 * @param period the period
	 * @return the report
	 */
	public RoiReport calculateROI(TimePeriod period) {
		History history = new History(period);
		Map<String, BigDecimal[]> sums = new TreeMap<>();
		for (Meter meter : this.registry.getMeters()) {
			String name = meter.getId().getName();
			boolean value = DefaultBusinessMetricsTracker.PROJECTS_VALUE.equals(name);
			if (!(meter instanceof DistributionSummary summary)
					|| (!value && !DefaultBusinessMetricsTracker.COSTS.equals(name))) {
				continue;
			}
			String currency = currencyOf(meter);
			BigDecimal amount = BigDecimal.valueOf(history.value(meter, "sum", summary.totalAmount()));
			BigDecimal[] sum = sums.computeIfAbsent(currency,
					(key) -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO });
			int slot = value ? 0 : Money.REFUND.equals(meter.getId().getTag(Money.DIRECTION)) ? 2 : 1;
			sum[slot] = sum[slot].add(amount);
		}
		Map<String, RoiReport.Line> byCurrency = new LinkedHashMap<>();
		BigDecimal[] base = { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO };
		List<String> unconverted = new ArrayList<>();
		sums.forEach((currency, sum) -> {
			byCurrency.put(currency, line(sum[0], sum[1], sum[2]));
			BigDecimal rate = this.rates.get(currency);
			if (rate == null) {
				unconverted.add(currency);
				return;
			}
			for (int i = 0; i < 3; i++) {
				base[i] = base[i].add(sum[i].multiply(rate));
			}
		});
		return new RoiReport(period, dataSince(), history.basis(), this.baseCurrency, byCurrency,
				line(base[0], base[1], base[2]), unconverted, RoiReport.FORMULA);
	}

	/**
	 * Usage of a period: distinct users per day and over the period, interactions, feature
	 * uses and sessions. The feature, segment and interaction type of the filter narrow
	 * the counts; distinct users are over all users (the sketches are per day only).
	 * @param filter the period and what to narrow to
	 * @return the analytics
	 */
	public UsageAnalytics getUsageAnalytics(UsageFilter filter) {
		History history = new History(filter.period());
		Map<String, Double> byType = new TreeMap<>();
		Map<String, Double> bySegment = new TreeMap<>();
		Map<String, Double> features = new TreeMap<>();
		double sessions = 0;
		double activeUsers = 0;
		for (Meter meter : this.registry.getMeters()) {
			String name = meter.getId().getName();
			if (DefaultBusinessMetricsTracker.INTERACTIONS.equals(name)) {
				String type = meter.getId().getTag("interaction_type");
				String segment = meter.getId().getTag("user_segment");
				if (matches(filter.interactionType(), type) && matches(filter.userSegment(), segment)) {
					double count = history.value(meter, "count", count(meter));
					byType.merge(String.valueOf(type), count, Double::sum);
					bySegment.merge(String.valueOf(segment), count, Double::sum);
				}
			}
			else if (DefaultBusinessMetricsTracker.USAGE_FEATURES.equals(name)) {
				String feature = meter.getId().getTag("feature");
				if (matches(filter.feature(), feature)) {
					features.merge(String.valueOf(feature), history.value(meter, "count", count(meter)),
							Double::sum);
				}
			}
			else if (DefaultBusinessMetricsTracker.USAGE_SESSIONS.equals(name)) {
				sessions += history.value(meter, "count", count(meter));
			}
			else if (DefaultBusinessMetricsTracker.USAGE_ACTIVE_USERS.equals(name) && meter instanceof Gauge gauge) {
				activeUsers = history.value(meter, "value", gauge.value());
			}
		}
		Map<LocalDate, Long> daily = new TreeMap<>();
		LocalDate last = filter.period().lastDay();
		LocalDate first = filter.period().firstDay();
		if (first.isBefore(last.minusDays(MAX_DAYS_LISTED - 1L))) {
			first = last.minusDays(MAX_DAYS_LISTED - 1L);
		}
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			daily.put(day, this.tracker.estimateDailyActiveUsers(day));
		}
		return new UsageAnalytics(filter, dataSince(), history.basis(), distinctUsers(filter.period()), daily, byType,
				bySegment, features, sessions, activeUsers);
	}

	private long distinctUsers(TimePeriod period) {
		return this.tracker.estimateActiveUsers(period.firstDay(), period.lastDay());
	}

	private Instant dataSince() {
		return this.collector.getCollectorStats().since();
	}

	private static RoiReport.Line line(BigDecimal value, BigDecimal charges, BigDecimal refunds) {
		BigDecimal net = charges.subtract(refunds);
		BigDecimal roi = (net.signum() == 0) ? null
				: value.subtract(net).divide(net, MathContext.DECIMAL64);
		return new RoiReport.Line(value, charges, refunds, net, roi);
	}

	private String currencyOf(Meter meter) {
		String currency = meter.getId().getTag("currency");
		return (currency != null) ? currency.toUpperCase(Locale.ROOT) : this.baseCurrency;
	}

	private static boolean matches(@Nullable String wanted, @Nullable String actual) {
		return wanted == null || wanted.isBlank() || wanted.strip().equalsIgnoreCase(actual);
	}

	private static boolean isBusiness(Meter meter) {
		return meter.getId().getName().startsWith("business.") || "true".equals(meter.getId().getTag("business"));
	}

	private static double count(Meter meter) {
		if (meter instanceof Counter counter) {
			return counter.count();
		}
		if (meter instanceof FunctionCounter counter) {
			return counter.count();
		}
		return 0;
	}

	private static BusinessReport.@Nullable MetricLine line(Meter meter, History history, History before) {
		Meter.Id id = meter.getId();
		Map<String, String> tags = tags(meter);
		String type;
		String unit = id.getBaseUnit();
		double count;
		double total;
		double mean;
		if (meter instanceof Counter || meter instanceof FunctionCounter) {
			type = "counter";
			count = count(meter);
			total = count;
			mean = count;
		}
		else if (meter instanceof Gauge gauge) {
			type = "gauge";
			count = gauge.value();
			total = count;
			mean = count;
		}
		else if (meter instanceof DistributionSummary summary) {
			type = "summary";
			count = summary.count();
			total = summary.totalAmount();
			mean = summary.mean();
		}
		else if (meter instanceof Timer timer) {
			type = "timer";
			unit = "seconds";
			count = timer.count();
			total = timer.totalTime(TimeUnit.SECONDS);
			mean = timer.mean(TimeUnit.SECONDS);
		}
		else {
			return null;
		}
		Map<String, Double> now = history.values(id.getName(), tags);
		if (now == null) {
			return new BusinessReport.MetricLine(id.getName(), type, unit, tags, count, total, mean, 0, null, null,
					null, 0, null);
		}
		boolean gauge = "gauge".equals(type);
		String totalStatistic = gauge ? "value" : "sum";
		total = now.getOrDefault(totalStatistic, 0.0);
		count = now.getOrDefault("count", 0.0);
		mean = now.getOrDefault("mean", 0.0);
		double rate = gauge ? 0 : now.getOrDefault("rate", 0.0);
		Map<String, Double> then = before.values(id.getName(), tags);
		double previous = (then != null) ? then.getOrDefault(totalStatistic, 0.0) : 0;
		Double trend = (previous != 0) ? (total - previous) / previous : null;
		return new BusinessReport.MetricLine(id.getName(), type, unit, tags, count, total, mean, rate,
				now.get("p50"), now.get("p95"), now.get("p99"), previous, trend);
	}

	private static Map<String, String> tags(Meter meter) {
		Map<String, String> tags = new TreeMap<>();
		for (Tag tag : meter.getId().getTagsAsIterable()) {
			tags.put(tag.getKey(), tag.getValue());
		}
		return tags;
	}

	/**
	 * The history of one period: one point per series over the whole period, read once
	 * per meter name.
	 */
	private final class History {

		private final TimePeriod period;

		private final Map<String, @Nullable Map<Map<String, String>, Map<String, Double>>> byName = new HashMap<>();

		private boolean cumulative;

		History(TimePeriod period) {
			this.period = period;
		}

		/**
		 * A statistic of a meter's series over the period, or the registry's cumulative
		 * value when the history cannot answer.
		 */
		double value(Meter meter, String statistic, double cumulative) {
			Map<String, Double> values = values(meter.getId().getName(), tags(meter));
			return (values != null) ? values.getOrDefault(statistic, 0.0) : cumulative;
		}

		/**
		 * The statistics of a series over the period (empty when it has no point there),
		 * or {@code null} when the history cannot answer.
		 */
		@Nullable Map<String, Double> values(String name, Map<String, String> tags) {
			Map<Map<String, String>, Map<String, Double>> series = this.byName.computeIfAbsent(name, this::read);
			if (series == null) {
				this.cumulative = true;
				return null;
			}
			return series.getOrDefault(tags, Map.of());
		}

		private @Nullable Map<Map<String, String>, Map<String, Double>> read(String name) {
			AggregatedMetrics answer;
			try {
				answer = BusinessReports.this.collector.getAggregatedMetrics(MetricsQuery.of(name)
					.withRange(this.period.from(), this.period.to())
					.withStep(this.period.length())
					.withStatistics(STATISTICS));
			}
			catch (RuntimeException ex) {
				return null;
			}
			if (answer == null || answer.error() != null) {
				return null;
			}
			Map<Map<String, String>, Map<String, Double>> series = new HashMap<>();
			for (AggregatedMetrics.Series one : answer.series()) {
				Map<String, Double> values = new HashMap<>();
				for (Map<String, Double> point : one.points().values()) {
					point.forEach((statistic, value) -> values.merge(statistic, value, Double::sum));
				}
				series.put(new TreeMap<>(one.tags()), values);
			}
			return series;
		}

		String basis() {
			return this.cumulative ? CUMULATIVE_BASIS : HISTORY_BASIS;
		}

	}

}
