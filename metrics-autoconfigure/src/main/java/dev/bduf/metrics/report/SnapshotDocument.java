package dev.bduf.metrics.report;

import java.util.Objects;

import dev.bduf.metrics.history.StepSnapshot;

/**
 * One JSON document of the JSON reporter: the metadata of the process, once, and one step
 * snapshot.
 *
 * @param metadata who took the snapshot
 * @param snapshot the snapshot
 */
public record SnapshotDocument(MetricMetadata metadata, StepSnapshot snapshot) {

	/**
	 * Validate.
	 * @param metadata who took the snapshot
	 * @param snapshot the snapshot
	 */
	public SnapshotDocument {
		Objects.requireNonNull(metadata, "metadata");
		Objects.requireNonNull(snapshot, "snapshot");
	}

}
