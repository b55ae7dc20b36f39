package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.history.Retention;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.storage.memory.MemoryMetricsStorage;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimeseriesEndpointTests {

	private final MockClock clock = new MockClock();

	private final MemoryMetricsStorage storage = new MemoryMetricsStorage(Retention.DEFAULT, Duration.ofSeconds(10),
			this.clock);

	private final TimeseriesEndpoint endpoint = new TimeseriesEndpoint(
			new HistoryQueryEngine(this.storage, this.clock, Duration.ofSeconds(10), "a", 1000, 10), this.clock);

	@Test
	void answersAQueryAsAggregatedMetrics() {
		this.clock.add(Duration.ofMinutes(5));
		this.storage.write(new StepSnapshot(Instant.ofEpochMilli(this.clock.wallTime()).minusSeconds(30),
				Duration.ofSeconds(10), "a",
				List.of(SeriesPoint.counter("orders", null, Map.of("region", "eu"), 3, 3))));
		WebEndpointResponse<Object> response = this.endpoint.series("orders", new String[] { "region:eu" }, "-5m",
				"now", "1m", "count,rate", "region", "local");
		assertThat(response.getStatus()).isEqualTo(200);
		AggregatedMetrics answer = (AggregatedMetrics) response.getBody();
		assertThat(answer.series()).singleElement()
			.satisfies((s) -> assertThat(s.points().values()).singleElement()
				.satisfies((p) -> assertThat(p).containsEntry("count", 3.0)));
		WebEndpointResponse<Object> names = this.endpoint.names(null);
		assertThat(((TimeseriesEndpoint.TimeseriesNames) names.getBody()).names()).containsExactly("orders");
		assertThat(this.endpoint.names("cluster").getStatus()).isEqualTo(200);
	}

	@Test
	void badParametersAnswer400() {
		assertThat(this.endpoint.series("orders", null, "soon", null, null, null, null, null).getStatus())
			.isEqualTo(400);
		WebEndpointResponse<Object> bad = this.endpoint.series("orders", null, null, null, null, "nope", null, null);
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(((TimeseriesEndpoint.TimeseriesError) bad.getBody()).error()).contains("Unknown statistic");
		assertThat(this.endpoint.names("planet").getStatus()).isEqualTo(400);
	}

	@Test
	void parsesParameters() {
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		assertThat(TimeseriesEndpoint.instant("from", "-1h", now)).isEqualTo(now.minusSeconds(3600));
		assertThat(TimeseriesEndpoint.instant("from", "+PT30M", now)).isEqualTo(now.plusSeconds(1800));
		assertThat(TimeseriesEndpoint.instant("from", "NOW", now)).isEqualTo(now);
		assertThat(TimeseriesEndpoint.instant("from", "2026-01-01T11:00:00Z", now)).isEqualTo(now.minusSeconds(3600));
		assertThat(TimeseriesEndpoint.instant("from", " ", now)).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> TimeseriesEndpoint.instant("to", "-x", now))
			.withMessageContaining("to must be a duration");
		assertThat(TimeseriesEndpoint.duration("step", "PT1M")).isEqualTo(Duration.ofMinutes(1));
		assertThat(TimeseriesEndpoint.duration("step", null)).isNull();
		assertThat(TimeseriesEndpoint.tags(new String[] { "a:b:c", " k : v " })).containsEntry("a", "b:c")
			.containsEntry("k", "v");
		assertThatIllegalArgumentException().isThrownBy(() -> TimeseriesEndpoint.tags(new String[] { ":v" }));
		assertThat(TimeseriesEndpoint.list("a, ,b")).containsExactly("a", "b");
		assertThat(TimeseriesEndpoint.list(null)).isEmpty();
		assertThat(TimeseriesEndpoint.scope(" Cluster ")).isEqualTo(MetricsQuery.Scope.CLUSTER);
	}

}
