package dev.bduf.metrics.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of alerting: rules, notifiers and the {@code alerts} health component.
 */
@ConfigurationProperties("bduf.metrics.alerts")
public class AlertsProperties {

	/**
	 * Whether alert rules are evaluated on each history step.
	 */
	private boolean enabled = true;

	/**
	 * Alert rules, evaluated on every series of their metric on each raw history step.
	 */
	private List<Rule> rules = new ArrayList<>();

	/**
	 * How many recent alert events are kept for the alerts endpoint.
	 */
	private int recentEvents = 100;

	/**
	 * How many history steps may wait for the alerting thread; a step beyond is dropped.
	 */
	private int queueSize = 16;

	private final DefaultRules defaultRules = new DefaultRules();

	private final Log log = new Log();

	private final Webhook webhook = new Webhook();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public int getRecentEvents() {
		return this.recentEvents;
	}

	public void setRecentEvents(int recentEvents) {
		this.recentEvents = recentEvents;
	}

	public int getQueueSize() {
		return this.queueSize;
	}

	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	public DefaultRules getDefaultRules() {
		return this.defaultRules;
	}

	public Log getLog() {
		return this.log;
	}

	public Webhook getWebhook() {
		return this.webhook;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * One alert rule.
	 */
	public static class Rule {

		/**
		 * Name of the rule, unique among the rules. Defaults to the metric.
		 */
		private @Nullable String name;

		/**
		 * Meter name the rule watches, as registered (for example
		 * "http.server.requests"). A meter that does not exist yet is waited for.
		 */
		private @Nullable String metric;

		/**
		 * Tags a series must have, with these values, for the rule to watch it.
		 */
		private Map<String, String> tags = new LinkedHashMap<>();

		/**
		 * Statistic of each step that is compared: value, count, rate, mean, max, p50,
		 * p95 or p99.
		 */
		private String statistic = "value";

		/**
		 * How the statistic compares to the threshold: >, >=, < or <=. For an anomaly
		 * rule, the direction that counts (> rises, < drops); both when not set.
		 */
		private @Nullable String operator;

		/**
		 * Threshold of a threshold rule.
		 */
		private @Nullable Double threshold;

		/**
		 * How long the condition must hold before the rule fires; pending until then.
		 */
		private Duration forDuration = Duration.ZERO;

		/**
		 * Severity carried by the rule's events, for example "warning" or "critical".
		 */
		private String severity = "warning";

		/**
		 * Kind of rule: threshold (a fixed threshold) or anomaly (a z-score against the
		 * series' exponentially weighted mean and variance).
		 */
		private String kind = "threshold";

		/**
		 * For an anomaly rule, how many standard deviations from the expected value make
		 * a value anomalous; smaller detects more.
		 */
		private double sensitivity = 4.0;

		/**
		 * For an anomaly rule, how many steps of a series are learnt before it can be
		 * anomalous.
		 */
		private int warmUp = 30;

		/**
		 * Relative band a pending or firing rule must cross back to stop holding: with
		 * 0.05 a "> 100" rule holds above 100 and stops at 95 or below.
		 */
		private double hysteresis = 0.05;

		/**
		 * Whether a firing alert of this rule changes the alerts health component.
		 */
		private boolean health;

		/**
		 * For an anomaly rule, the period of the series' season (for example 1d: the same
		 * time of day): the detector scores the difference from the value one season
		 * earlier where the history has it. Zero for none.
		 */
		private Duration seasonality = Duration.ZERO;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getMetric() {
			return this.metric;
		}

		public void setMetric(@Nullable String metric) {
			this.metric = metric;
		}

		public Map<String, String> getTags() {
			return this.tags;
		}

		public void setTags(Map<String, String> tags) {
			this.tags = tags;
		}

		public String getStatistic() {
			return this.statistic;
		}

		public void setStatistic(String statistic) {
			this.statistic = statistic;
		}

		public @Nullable String getOperator() {
			return this.operator;
		}

		public void setOperator(@Nullable String operator) {
			this.operator = operator;
		}

		public @Nullable Double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(@Nullable Double threshold) {
			this.threshold = threshold;
		}

		/**
		 * How long the condition must hold before the rule fires (the {@code for}
		 * property).
		 * @return the duration
		 */
		public Duration getFor() {
			return this.forDuration;
		}

		/**
		 * Set how long the condition must hold before the rule fires.
		 * @param forDuration the duration
		 */
		public void setFor(Duration forDuration) {
			this.forDuration = forDuration;
		}

		public String getSeverity() {
			return this.severity;
		}

		public void setSeverity(String severity) {
			this.severity = severity;
		}

		public String getKind() {
			return this.kind;
		}

		public void setKind(String kind) {
			this.kind = kind;
		}

		public double getSensitivity() {
			return this.sensitivity;
		}

		public void setSensitivity(double sensitivity) {
			this.sensitivity = sensitivity;
		}

		public int getWarmUp() {
			return this.warmUp;
		}

		public void setWarmUp(int warmUp) {
			this.warmUp = warmUp;
		}

		public double getHysteresis() {
			return this.hysteresis;
		}

		public void setHysteresis(double hysteresis) {
			this.hysteresis = hysteresis;
		}

		public boolean isHealth() {
			return this.health;
		}

		public void setHealth(boolean health) {
			this.health = health;
		}

		public Duration getSeasonality() {
			return this.seasonality;
		}

		public void setSeasonality(Duration seasonality) {
			this.seasonality = seasonality;
		}

	}

	/**
	 * The rules the starter ships on the collector itself.
	 */
	public static class DefaultRules {

		/**
		 * Whether the default rules on the collector (collector-rejections,
		 * collector-overflow, storage-down) are evaluated.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The log notifier.
	 */
	public static class Log {

		/**
		 * Whether every alert state change is logged (firing at warn level, the others at
		 * info level).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The webhook notifier, on when a URL is set.
	 */
	public static class Webhook {

		/**
		 * URL every alert event is POSTed to as JSON. No webhook when not set.
		 */
		private @Nullable URI url;

		/**
		 * Connect and request timeout of one delivery attempt.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Delivery attempts per event, the first included.
		 */
		private int maxAttempts = 5;

		/**
		 * Wait before the first retry; it doubles on each further retry.
		 */
		private Duration backoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * How many events may wait for delivery; events beyond are dropped and counted.
		 */
		private int queueSize = 1000;

		/**
		 * Extra request headers, for example an Authorization header.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	/**
	 * The alerts health component.
	 */
	public static class Health {

		/**
		 * Whether the alerts health component is added. It changes status while a rule
		 * marked "health: true" fires.
		 */
		private boolean enabled;

		/**
		 * Status of the alerts health component while a health rule fires, for example
		 * DOWN or a custom status such as ALERTING (which counts in the aggregate status
		 * only when listed in management.endpoint.health.status.order).
		 */
		private String status = "DOWN";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

	}

}
