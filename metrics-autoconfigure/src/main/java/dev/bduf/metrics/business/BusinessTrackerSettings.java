package dev.bduf.metrics.business;

import java.util.Locale;

/**
 * Settings of the {@link DefaultBusinessMetricsTracker}.
 *
 * @param maxTagValues distinct values per free-text tag; later new values read
 * {@code other}
 * @param activeUserDays days of distinct-user sketches kept for
 * {@link BusinessMetricsTracker#estimateActiveUsers}
 * @param baseCurrency ISO 4217 code of amounts given without a currency
 */
public record BusinessTrackerSettings(int maxTagValues, int activeUserDays, String baseCurrency) {

	/** Distinct values per free-text tag by default. */
	public static final int DEFAULT_MAX_TAG_VALUES = 50;

	/** Days of distinct-user sketches kept by default. */
	public static final int DEFAULT_ACTIVE_USER_DAYS = 31;

	public BusinessTrackerSettings {
		if (maxTagValues < 1) {
			throw new IllegalArgumentException("maxTagValues must be at least 1, was " + maxTagValues);
		}
		if (activeUserDays < 1) {
			throw new IllegalArgumentException("activeUserDays must be at least 1, was " + activeUserDays);
		}
		if (baseCurrency == null || !baseCurrency.strip().matches("[A-Za-z]{3}")) {
			throw new IllegalArgumentException("baseCurrency must be an ISO 4217 code such as USD, was " + baseCurrency);
		}
		baseCurrency = baseCurrency.strip().toUpperCase(Locale.ROOT);
	}

	/**
	 * The defaults: {@value #DEFAULT_MAX_TAG_VALUES} values per tag,
	 * {@value #DEFAULT_ACTIVE_USER_DAYS} days, USD.
	 * @return the settings
	 */
	public static BusinessTrackerSettings defaults() {
		return new BusinessTrackerSettings(DEFAULT_MAX_TAG_VALUES, DEFAULT_ACTIVE_USER_DAYS, "USD");
	}

}
