package dev.bduf.metrics.report;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class JsonSnapshotFormatTests {

	private final JsonSnapshotFormat format = new JsonSnapshotFormat();

	@Test
	void aDocumentRoundTripsIntoTheSnapshotRecords() {
		SnapshotDocument document = new SnapshotDocument(Snapshots.METADATA, Snapshots.raw(1));
		String json = this.format.write(document);
		assertThat(json).doesNotContain("\n");
		SnapshotDocument read = this.format.read(json);
		assertThat(read).isEqualTo(document);
		assertThat(read.snapshot().points().get(2).sketch()).isEqualTo(document.snapshot().points().get(2).sketch());
		assertThat(this.format.read(this.format.write(read))).isEqualTo(document);
	}

	@Test
	void rollupsRoundTripWithTheirResolution() {
		SnapshotDocument document = new SnapshotDocument(Snapshots.METADATA, Snapshots.rollup(Resolution.TEN_MINUTES));
		assertThat(this.format.read(this.format.write(document))).isEqualTo(document);
	}

	@Test
	void theDocumentReadsWithoutTheRecords() {
		JsonNode root = this.format.mapper()
			.readTree(this.format.write(new SnapshotDocument(Snapshots.METADATA, Snapshots.raw(0))));
		assertThat(root.get("metadata").get("collectorVersion").asString()).isEqualTo("1.2.3");
		assertThat(root.get("metadata").get("processId").asLong()).isEqualTo(4242);
		JsonNode snapshot = root.get("snapshot");
		assertThat(snapshot.get("start").asString()).isEqualTo("2026-01-02T03:04:00Z");
		assertThat(snapshot.get("step").asString()).isEqualTo("PT10S");
		assertThat(snapshot.get("resolution").asString()).isEqualTo("RAW");
		JsonNode counter = snapshot.get("points").get(0);
		assertThat(counter.get("name").asString()).isEqualTo("orders");
		assertThat(counter.get("kind").asString()).isEqualTo("COUNTER");
		assertThat(counter.get("tags").get("region").asString()).isEqualTo("eu");
		assertThat(counter.get("sum").asDouble()).isEqualTo(7.0);
		JsonNode timer = snapshot.get("points").get(2);
		assertThat(timer.get("min").asString()).isEqualTo("NaN");
		JsonNode sketch = timer.get("sketch");
		assertThat(sketch.get("count").asLong()).isEqualTo(100);
		assertThat(sketch.get("quantiles").get("0.99").asDouble()).isCloseTo(0.099, within(0.099 * 0.02));
		assertThat(sketch.get("bins").asString()).isNotEmpty();
		assertThat(snapshot.get("points").get(3).get("sketch").isNull()).isTrue();
	}

	@Test
	void aSketchWithoutBinsIsRejected() {
		String json = this.format.write(new SnapshotDocument(Snapshots.METADATA, Snapshots.raw(0)))
			.replaceFirst("\"bins\":\"[^\"]*\"", "\"bins\":\"AAAA\"");
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.format.read(json))
			.withMessageContaining("Not a sketch");
		String noBins = this.format.write(new SnapshotDocument(Snapshots.METADATA, Snapshots.raw(0)))
			.replaceFirst(",\"bins\":\"[^\"]*\"", "");
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.format.read(noBins))
			.withMessageContaining("bins");
	}

	@Test
	void anEmptyStepRoundTrips() {
		StepSnapshot empty = new StepSnapshot(Snapshots.START, java.time.Duration.ofSeconds(1), "i-1",
				java.util.List.<SeriesPoint>of());
		SnapshotDocument document = new SnapshotDocument(Snapshots.METADATA, empty);
		assertThat(this.format.read(this.format.write(document))).isEqualTo(document);
	}

}
