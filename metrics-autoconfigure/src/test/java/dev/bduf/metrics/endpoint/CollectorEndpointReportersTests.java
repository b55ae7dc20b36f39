package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.collector.CollectorSettings;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.report.JsonSnapshotFormat;
import dev.bduf.metrics.report.MetricMetadata;
import dev.bduf.metrics.report.MetricsReporter;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorEndpointReportersTests {

	private static final MetricMetadata METADATA = new MetricMetadata("1.0", "i-1", 7, "17", "Linux", "amd64");

	private final DefaultMetricsCollector collector = new DefaultMetricsCollector(new SimpleMeterRegistry(),
			CollectorSettings.builder().build(), new MockClock());

	private final JsonSnapshotFormat format = new JsonSnapshotFormat();

	private final MetricsReporter reporter = new MetricsReporter() {
		@Override
		public String name() {
			return "quiet";
		}

		@Override
		public void report(StepSnapshot snapshot) {
		}
	};

	private final ReporterDispatcher dispatcher = new ReporterDispatcher(List.of(this.reporter), 4, new MockClock(),
			METADATA, this.format::write);

	@AfterEach
	void close() {
		this.dispatcher.close();
	}

	@Test
	void showsTheMetadataAndEachReporter() {
		CollectorEndpoint.CollectorDescriptor descriptor = new CollectorEndpoint(this.collector, null, this.dispatcher)
			.collector();
		assertThat(descriptor.metadata()).isEqualTo(METADATA);
		assertThat(descriptor.reporters()).extracting(ReporterStatus::name).containsExactly("quiet");
		CollectorEndpoint.CollectorDescriptor without = new CollectorEndpoint(this.collector).collector();
		assertThat(without.metadata()).isNull();
		assertThat(without.reporters()).isEmpty();
	}

	@Test
	void answersTheLatestDocumentAtReportJsonOnly() {
		CollectorEndpoint endpoint = new CollectorEndpoint(this.collector, null, this.dispatcher);
		assertThat(endpoint.report("report", "json")).isNull();
		StepSnapshot step = new StepSnapshot(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(10), "i-1",
				List.of(SeriesPoint.gauge("queue", null, Map.of(), 2)));
		this.dispatcher.onSnapshot(step);
		assertThat(this.format.read(endpoint.report("report", "json")).snapshot()).isEqualTo(step);
		assertThat(endpoint.report("report", "xml")).isNull();
		assertThat(endpoint.report("other", "json")).isNull();
		assertThat(new CollectorEndpoint(this.collector).report("report", "json")).isNull();
	}

	@Test
	void healthDetailsHoldTheReportersByName() {
		Health health = new MetricsCollectorHealthIndicator(this.collector, this.dispatcher).health();
		assertThat(health.getDetails()).containsKey("reporters");
		@SuppressWarnings("unchecked")
		Map<String, ReporterStatus> reporters = (Map<String, ReporterStatus>) health.getDetails().get("reporters");
		assertThat(reporters).containsOnlyKeys("quiet");
		assertThat(new MetricsCollectorHealthIndicator(this.collector).health().getDetails())
			.doesNotContainKey("reporters");
	}

}
