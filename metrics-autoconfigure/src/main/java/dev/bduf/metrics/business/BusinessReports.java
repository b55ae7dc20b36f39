package dev.bduf.metrics.business;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricsCollector;
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
 * Business reports read from the meter registry: the business report, the return on
 * investment and usage analytics of a period. It only reads meters; it never registers
 * one.
 * <p>
 * History (time series per step) is not available yet, so meter values are the
 * registry's cumulative values since the collector started, whatever the period; each
 * report says so in its {@code basis} and {@code dataSince}. Distinct users come from the
 * tracker's daily HyperLogLog sketches and do follow the period's UTC days.
 */
public final class BusinessReports {

	/** The basis of values read from cumulative meters. */
	public static final String CUMULATIVE_BASIS = "cumulative-since-start";

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
		List<BusinessReport.MetricLine> lines = new ArrayList<>();
		for (Meter meter : this.registry.getMeters()) {
			if (isBusiness(meter)) {
				BusinessReport.MetricLine line = line(meter);
				if (line != null) {
					lines.add(line);
				}
			}
		}
		lines.sort(Comparator.comparing(BusinessReport.MetricLine::name)
			.thenComparing((line) -> new TreeMap<>(line.tags()).toString()));
		return new BusinessReport(period, dataSince(), CUMULATIVE_BASIS, distinctUsers(period), this.failures.total(),
				lines);
	}

	/**
	 * Return on investment of a period, per currency and in the base currency; see
	 * {@link RoiReport} for the formula.
	 * @param period the period
	 * @return the report
	 */
	public RoiReport calculateROI(TimePeriod period) {
		Map<String, BigDecimal[]> sums = new TreeMap<>();
		for (Meter meter : this.registry.getMeters()) {
			String name = meter.getId().getName();
			boolean value = DefaultBusinessMetricsTracker.PROJECTS_VALUE.equals(name);
			if (!(meter instanceof DistributionSummary summary)
					|| (!value && !DefaultBusinessMetricsTracker.COSTS.equals(name))) {
				continue;
			}
			String currency = currencyOf(meter);
			BigDecimal amount = BigDecimal.valueOf(summary.totalAmount());
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
		return new RoiReport(period, dataSince(), CUMULATIVE_BASIS, this.baseCurrency, byCurrency,
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
					double count = count(meter);
					byType.merge(String.valueOf(type), count, Double::sum);
					bySegment.merge(String.valueOf(segment), count, Double::sum);
				}
			}
			else if (DefaultBusinessMetricsTracker.USAGE_FEATURES.equals(name)) {
				String feature = meter.getId().getTag("feature");
				if (matches(filter.feature(), feature)) {
					features.merge(String.valueOf(feature), count(meter), Double::sum);
				}
			}
			else if (DefaultBusinessMetricsTracker.USAGE_SESSIONS.equals(name)) {
				sessions += count(meter);
			}
			else if (DefaultBusinessMetricsTracker.USAGE_ACTIVE_USERS.equals(name) && meter instanceof Gauge gauge) {
				activeUsers = gauge.value();
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
		return new UsageAnalytics(filter, dataSince(), CUMULATIVE_BASIS, distinctUsers(filter.period()), daily, byType,
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

	private static BusinessReport.@Nullable MetricLine line(Meter meter) {
		Meter.Id id = meter.getId();
		Map<String, String> tags = new TreeMap<>();
		for (Tag tag : id.getTagsAsIterable()) {
			tags.put(tag.getKey(), tag.getValue());
		}
		if (meter instanceof Counter || meter instanceof FunctionCounter) {
			double value = count(meter);
			return new BusinessReport.MetricLine(id.getName(), "counter", id.getBaseUnit(), tags, value, value, value);
		}
		if (meter instanceof Gauge gauge) {
			double value = gauge.value();
			return new BusinessReport.MetricLine(id.getName(), "gauge", id.getBaseUnit(), tags, value, value, value);
		}
		if (meter instanceof DistributionSummary summary) {
			return new BusinessReport.MetricLine(id.getName(), "summary", id.getBaseUnit(), tags, summary.count(),
					summary.totalAmount(), summary.mean());
		}
		if (meter instanceof Timer timer) {
			return new BusinessReport.MetricLine(id.getName(), "timer", "seconds", tags, timer.count(),
					timer.totalTime(TimeUnit.SECONDS), timer.mean(TimeUnit.SECONDS));
		}
		return null;
	}

}
