package dev.bduf.metrics.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bduf.metrics.business.BusinessMetricAdvisor;
import dev.bduf.metrics.business.BusinessTrackerSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of {@code @BusinessMetric} and the business metrics tracker.
 */
@ConfigurationProperties("bduf.metrics.business")
public class BusinessProperties {

	/**
	 * Whether business metrics (the @BusinessMetric advice and the business metrics
	 * tracker) are enabled.
	 */
	private boolean enabled = true;

	/**
	 * Order of the @BusinessMetric advice among other advice. Defaults to
	 * Ordered.HIGHEST_PRECEDENCE + 200 (-2147483448): inside @Tracked and outside
	 * transactions, so a value is recorded once the work, commit included, has succeeded.
	 */
	private int aspectOrder = BusinessMetricAdvisor.DEFAULT_ORDER;

	/**
	 * Distinct values per free-text tag of the business metrics tracker (industry,
	 * feature, user segment, ...); further values are recorded as "other".
	 */
	private int maxTagValues = BusinessTrackerSettings.DEFAULT_MAX_TAG_VALUES;

	/**
	 * Days of distinct-user sketches kept for estimates of active users over several days.
	 */
	private int activeUserDays = BusinessTrackerSettings.DEFAULT_ACTIVE_USER_DAYS;

	/**
	 * ISO 4217 code of amounts given without a currency, and the currency the ROI report
	 * converts to.
	 */
	private String baseCurrency = "USD";

	/**
	 * Exchange rates to the base currency: how many units of the base currency one unit
	 * of the keyed currency is worth (for example EUR=1.08 with base currency USD).
	 */
	private Map<String, BigDecimal> rates = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getAspectOrder() {
		return this.aspectOrder;
	}

	public void setAspectOrder(int aspectOrder) {
		this.aspectOrder = aspectOrder;
	}

	public int getMaxTagValues() {
		return this.maxTagValues;
	}

	public void setMaxTagValues(int maxTagValues) {
		this.maxTagValues = maxTagValues;
	}

	public int getActiveUserDays() {
		return this.activeUserDays;
	}

	public void setActiveUserDays(int activeUserDays) {
		this.activeUserDays = activeUserDays;
	}

	public String getBaseCurrency() {
		return this.baseCurrency;
	}

	public void setBaseCurrency(String baseCurrency) {
		this.baseCurrency = baseCurrency;
	}

	public Map<String, BigDecimal> getRates() {
		return this.rates;
	}

	public void setRates(Map<String, BigDecimal> rates) {
		this.rates = rates;
	}

}
