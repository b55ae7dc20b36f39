package dev.bduf.metrics.collector;

import java.util.Map;

import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.FunctionCounter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's own statistics as meters ({@code bduf.collector.*}), which the Grafana
 * dashboard charts.
 */
class CollectorMetersTest {

	@Test
	void meterValuesFollowTheCollectorsStatistics() {
		Fixture fixture = new Fixture((settings) -> settings.maxSeriesPerName(2));
		SeriesRegistrar registrar = fixture.collector.getRegistrar();
		registrar.bindCollectorMeters();
		registrar.bindCollectorMeters();
		fixture.collector.increment("orders", 1, Map.of("region", "eu"));
		fixture.collector.increment("orders", 1, Map.of("region", "us"));
		fixture.collector.increment("orders", 1, Map.of("region", "ap"));
		fixture.collector.gauge("depth", Double.NaN);
		fixture.collector.timer("open.job");
		assertThat(count("bduf.collector.recorded", fixture)).isEqualTo(3);
		assertThat(count("bduf.collector.attempted", fixture)).isEqualTo(4);
		assertThat(count("bduf.collector.overflowed", fixture)).isEqualTo(1);
		assertThat(fixture.registry.get("bduf.collector.rejected")
			.tag("reason", RejectionReason.NOT_FINITE.name())
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(fixture.registry.get("bduf.collector.rejected").functionCounters())
			.hasSize(RejectionReason.values().length);
		assertThat(fixture.registry.get("bduf.collector.names").gauge().value()).isEqualTo(1);
		assertThat(fixture.registry.get("bduf.collector.series").gauge().value()).isEqualTo(3);
		assertThat(fixture.registry.get("bduf.collector.timers.open").gauge().value()).isEqualTo(1);
		assertThat(fixture.registry.get("bduf.collector.recorded").meter().getId().getDescription()).isNotBlank();
	}

	@Test
	void collectorMetersPassPromtoolLint() {
		java.nio.file.Path promtool = dev.bduf.metrics.test.ExternalTools.requirePromtool();
		io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
				io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
		Fixture fixture = new Fixture(registry, (settings) -> {
		});
		fixture.collector.getRegistrar().bindCollectorMeters();
		fixture.collector.increment("orders", 1, Map.of("region", "eu"));
		String scrape = registry.scrape();
		assertThat(scrape).contains("bduf_collector_attempted_total", "bduf_collector_rejected_total{",
				"bduf_collector_timers_open");
		dev.bduf.metrics.test.ExternalTools.assertValidExposition(promtool, scrape, "bduf_collector");
	}

	private static double count(String name, Fixture fixture) {
		FunctionCounter counter = fixture.registry.get(name).functionCounter();
		return counter.count();
	}

}
