package dev.bduf.metrics.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SnapshotCodecTest {

	private static StepSnapshot sample() {
		DDSketch dd = Sketch.newDDSketch(0.01);
		for (int i = 1; i <= 1000; i++) {
			dd.accept(i / 1000.0);
		}
		dd.accept(0);
		Map<String, String> tags = Map.of("service", "orders", "instance_id", "host-1");
		return new StepSnapshot(Instant.parse("2026-01-01T00:00:10Z"), Duration.ofSeconds(10), Resolution.MINUTE,
				"host-1",
				List.of(SeriesPoint.counter("orders.placed", null, tags, 3, 42),
						SeriesPoint.gauge("queue.size", "items", tags, 2.5),
						SeriesPoint.gauge("weird", null, Map.of(), -0.0),
						new SeriesPoint("neg", MeterKind.OTHER, null, Map.of("k", "é"), 0, -7, Double.NaN,
								Double.POSITIVE_INFINITY, 1e300, null),
						SeriesPoint.distribution("http.server.requests", MeterKind.TIMER, "seconds",
								Map.of("uri", "/a", "service", "orders"), 1001, 500.5, 1.0, Sketch.of(dd))));
	}

	@Test
	void roundTripsEveryField() {
		StepSnapshot snapshot = sample();
		byte[] bytes = SnapshotCodec.encode(snapshot);
		assertThat(SnapshotCodec.decode(bytes)).isEqualTo(snapshot);
	}

	@Test
	void isCompact() {
		List<SeriesPoint> points = new java.util.ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			points.add(SeriesPoint.counter("orders.placed", null,
					Map.of("service", "orders", "instance_id", "host-1", "shard", "s" + i), i % 7, 1000 + i));
		}
		byte[] bytes = SnapshotCodec.encode(new StepSnapshot(Instant.EPOCH, Duration.ofSeconds(10), "host-1", points));
		assertThat(bytes.length / 1000.0).as("bytes per counter point").isLessThan(24);
	}

	@Test
	void rejectsGarbage() {
		byte[] bytes = SnapshotCodec.encode(sample());
		assertThatIllegalArgumentException().isThrownBy(() -> SnapshotCodec.decode(new byte[] { 1, 2, 3 }));
		assertThatIllegalArgumentException().isThrownBy(() -> SnapshotCodec.decode(new byte[] { 'B', 'S', 9 }));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SnapshotCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
		for (int i = 3; i < bytes.length; i += 7) {
			byte[] broken = bytes.clone();
			broken[i] = (byte) 0xFF;
			try {
				SnapshotCodec.decode(broken);
			}
			catch (IllegalArgumentException expected) {
				// fine: only IllegalArgumentException may escape
			}
		}
	}

}
