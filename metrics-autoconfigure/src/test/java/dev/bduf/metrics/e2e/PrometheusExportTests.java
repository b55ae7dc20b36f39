package dev.bduf.metrics.e2e;

import java.nio.file.Path;
import java.util.Map;

import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.collector.TagKeyRuleAccess;
import dev.bduf.metrics.test.ExternalTools;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer's Prometheus registry refuses a second set of tag keys for a name without
 * throwing; the collector keeps every series of a name on one key set, so nothing it
 * accepts is lost from the scrape, the overflow series included.
 */
class PrometheusExportTests {

	private final PrometheusMeterRegistry registry = registry();

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(this.registry,
			CollectorSettings.builder().maxSeriesPerName(2).defaultTags(Map.of("service", "shop")).build(),
			new MockClock());

	/** Whether this Micrometer's Prometheus registry refuses other tag keys for a name (before 1.17). */
	private static final boolean KEYS_MUST_MATCH = !TagKeyRuleAccess.atLeast(
			PrometheusMeterRegistry.class.getPackage().getImplementationVersion(), 1, 17);

	private static PrometheusMeterRegistry registry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		// as the starter's default-tags MeterFilter does in an application
		registry.config().commonTags("service", "shop");
		return registry;
	}

	@Test
	void theTagKeyRuleFollowsTheMicrometerLine() {
		assertThat(this.collector.getRegistrar().requiresConsistentTagKeys()).isEqualTo(KEYS_MUST_MATCH);
	}

	@Test
	void overflowSeriesIsExportedWithTheNamesKeys() {
		for (String user : new String[] { "ann", "bob", "cid", "dan", "eve" }) {
			this.collector.increment("logins", 1, Map.of("user", user));
		}
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("logins_total{service=\"shop\",user=\"ann\"} 1.0")
			.contains("logins_total{service=\"shop\",user=\"bob\"} 1.0")
			.contains("logins_total{service=\"shop\",user=\"_overflow_\"} 3.0");
		assertThat(this.collector.getCollectorStats().overflowed()).isEqualTo(3);
	}

	@Test
	void otherTagKeysForANameAreRejectedWhereTheRegistryWouldDropThem() {
		this.collector.increment("payments", 1, Map.of("provider", "card"));
		this.collector.increment("payments", 1, Map.of("currency", "EUR"));
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("payments_total{provider=\"card\",service=\"shop\"} 1.0");
		if (KEYS_MUST_MATCH) {
			assertThat(scrape).doesNotContain("currency=");
			assertThat(this.collector.getCollectorStats().rejectedByReason())
				.containsEntry(RejectionReason.TAG_KEYS_MISMATCH, 1L);
		}
		else {
			assertThat(scrape).contains("payments_total{currency=\"EUR\",service=\"shop\"} 1.0");
			assertThat(this.collector.getCollectorStats().rejected()).isZero();
		}
	}

	@Test
	void aConflictingMeterRegisteredElsewhereIsCountedOrExported() {
		this.registry.counter("jobs", "queue", "mail");
		this.collector.increment("jobs", 1, Map.of("kind", "nightly"));
		if (KEYS_MUST_MATCH) {
			assertThat(this.collector.getCollectorStats().rejectedByReason())
				.containsEntry(RejectionReason.REGISTRY_ERROR, 1L);
		}
		else {
			assertThat(this.registry.scrape()).contains("jobs_total{kind=\"nightly\",service=\"shop\"} 1.0");
			assertThat(this.collector.getCollectorStats().recorded()).isEqualTo(1);
		}
	}

	@Test
	void everyKindPassesPromtool() {
		Path promtool = ExternalTools.requirePromtool();
		this.collector.increment("shop.orders", 2, Map.of("region", "eu"));
		this.collector.decrement("shop.carts.open", 1, Map.of("region", "eu"));
		this.collector.gauge("shop.stock", 40, Map.of("sku", "A-1"));
		this.collector.histogram("shop.basket.items", 3, Map.of("region", "eu"));
		this.collector.timing("shop.checkout", java.time.Duration.ofMillis(30), Map.of("region", "eu"));
		this.collector.businessMetric("shop.revenue", 12.5, dev.bduf.metrics.MetricUnit.CURRENCY, Map.of());
		for (int i = 0; i < 5; i++) {
			this.collector.increment("shop.logins", 1, Map.of("user", "u" + i));
		}
		ExternalTools.assertValidExposition(promtool, this.registry.scrape());
	}

}
