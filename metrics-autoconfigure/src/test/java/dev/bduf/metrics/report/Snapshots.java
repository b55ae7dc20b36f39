package dev.bduf.metrics.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.bduf.metrics.history.MeterKind;
import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.Sketch;
import dev.bduf.metrics.history.StepSnapshot;

/**
 * Snapshots for the reporter tests.
 */
final class Snapshots {

	static final Instant START = Instant.parse("2026-01-02T03:04:00Z");

	static final MetricMetadata METADATA = new MetricMetadata("1.2.3", "web-01-0", 4242, "17.0.9", "Linux", "amd64");

	private Snapshots() {
	}

	/** A raw step of every kind, with a sketch on the timer. */
	static StepSnapshot raw(int index) {
		DDSketch ddSketch = Sketch.newDDSketch(0.01);
		for (int i = 1; i <= 100; i++) {
			ddSketch.accept(i / 1000.0);
		}
		Map<String, String> tags = Map.of("service", "shop", "region", "eu");
		return new StepSnapshot(START.plusSeconds(10L * index), Duration.ofSeconds(10), "web-01-0", List.of(
				SeriesPoint.counter("orders", null, tags, 7 + index, 100 + index),
				SeriesPoint.gauge("queue.depth", null, tags, 3),
				SeriesPoint.distribution("checkout", MeterKind.TIMER, "seconds", tags, 100, 5.05, 0.1,
						Sketch.of(ddSketch)),
				SeriesPoint.distribution("basket.size", MeterKind.SUMMARY, "items", Map.of(), 4, 10, 5, null)));
	}

	static StepSnapshot rollup(Resolution resolution) {
		return new StepSnapshot(START, Duration.ofMinutes(1), resolution, "web-01-0",
				List.of(SeriesPoint.counter("orders", null, Map.of(), 60, 160)));
	}

}
