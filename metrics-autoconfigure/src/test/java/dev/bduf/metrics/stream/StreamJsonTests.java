package dev.bduf.metrics.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format the dashboard reads.
 */
class StreamJsonTests {

	@Test
	void snapshotWithNullForNumbersThatDoNotApply() {
		StreamingUpdate.Series series = new StreamingUpdate.Series("orders", "COUNTER", null, Map.of("region", "eu"),
				3, Double.NaN, 3, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN);
		StreamingUpdate.Snapshot snapshot = new StreamingUpdate.Snapshot(7, Instant.parse("2026-01-01T00:00:01Z"),
				Duration.ofSeconds(1), StreamingConfig.Mode.DELTAS, 2, List.of(series));
		assertThat(StreamJson.write(snapshot)).isEqualTo("{\"seq\":7,\"time\":\"2026-01-01T00:00:01Z\","
				+ "\"interval\":\"PT1S\",\"mode\":\"deltas\",\"dropped\":2,\"series\":[{\"name\":\"orders\","
				+ "\"kind\":\"COUNTER\",\"baseUnit\":null,\"tags\":{\"region\":\"eu\"},\"value\":3.0,\"count\":null,"
				+ "\"sum\":3.0,\"max\":null,\"mean\":null,\"p50\":null,\"p95\":null,\"p99\":null}]}");
	}

	@Test
	void alertAsTheFieldsOfTheAlertEvent() {
		StreamingUpdate.Alert alert = new StreamingUpdate.Alert(8, "slow", "orders", Map.of("region", "eu"), 12.5,
				Double.NaN, "FIRING", "PENDING", Instant.parse("2026-01-01T00:00:00Z"), "critical");
		assertThat(StreamJson.write(alert)).isEqualTo("{\"rule\":\"slow\",\"metric\":\"orders\",\"tags\":{\"region\":"
				+ "\"eu\"},\"value\":12.5,\"threshold\":null,\"state\":\"FIRING\",\"previous\":\"PENDING\","
				+ "\"since\":\"2026-01-01T00:00:00Z\",\"severity\":\"critical\"}");
	}

	@Test
	void error() {
		assertThat(StreamJson.error(400, "tag must be \"key:value\""))
			.isEqualTo("{\"status\":400,\"error\":\"tag must be \\\"key:value\\\"\"}");
	}

	@Test
	void snapshotsValidate() {
		StreamingUpdate.Snapshot snapshot = new StreamingUpdate.Snapshot(1, Instant.EPOCH, Duration.ofSeconds(1),
				StreamingConfig.Mode.VALUES, 0, List.of());
		assertThat(snapshot.withDropped(0)).isSameAs(snapshot);
		assertThat(snapshot.withDropped(3).dropped()).isEqualTo(3);
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> new StreamingUpdate.Snapshot(1, Instant.EPOCH, Duration.ofSeconds(1),
					StreamingConfig.Mode.VALUES, -1, List.of()));
	}

}
