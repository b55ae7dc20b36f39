package dev.bduf.metrics.business;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Return on investment of a period, per currency and, where rates allow, in the base
 * currency. Currencies are never summed as they are: each is converted with its rate
 * first, and a currency without a rate is left out of the base totals and listed in
 * {@code unconverted}.
 * <p>
 * {@code value} is the sum of {@code business.projects.estimated_value};
 * {@code netCost = charges - refunds} of {@code business.costs.amount}
 * ({@code direction=charge} minus {@code direction=refund}); {@code roi = (value -
 * netCost) / netCost}, {@code null} when the net cost is zero.
 *
 * @param period the period asked for
 * @param dataSince the start of the data the values cover
 * @param basis how the values were computed
 * @param baseCurrency the currency of the base totals
 * @param byCurrency per currency code: value, costs and ROI in that currency
 * @param base the totals converted to the base currency
 * @param unconverted currencies without a rate, left out of {@code base}
 * @param formula the formula, spelled out
 */
public record RoiReport(TimePeriod period, Instant dataSince, String basis, String baseCurrency,
		Map<String, Line> byCurrency, Line base, List<String> unconverted, String formula) {

	/** The formula of {@link Line#roi()}. */
	public static final String FORMULA = "roi = (value - (charges - refunds)) / (charges - refunds)";

	public RoiReport {
		byCurrency = Collections.unmodifiableMap(new TreeMap<>(byCurrency));
		unconverted = List.copyOf(unconverted);
	}

	/**
	 * Value, costs and ROI in one currency.
	 *
	 * @param value estimated value of the projects created
	 * @param charges costs charged
	 * @param refunds costs refunded
	 * @param netCost {@code charges - refunds}
	 * @param roi {@code (value - netCost) / netCost}, or {@code null} when the net cost is
	 * zero
	 */
	public record Line(BigDecimal value, BigDecimal charges, BigDecimal refunds, BigDecimal netCost,
			@Nullable BigDecimal roi) {

	}

}
