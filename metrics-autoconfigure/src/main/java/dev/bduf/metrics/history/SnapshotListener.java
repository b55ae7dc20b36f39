package dev.bduf.metrics.history;

/**
 * Receives every {@link StepSnapshot} the {@link HistoryRecorder} takes: each raw step
 * ({@link Resolution#RAW}) and each completed rollup. Any bean of this type is added to
 * the recorder by the auto-configuration, after the storage, in {@code @Order}.
 * <p>
 * Called on the recorder's thread: an implementation that can be slow (network, disk)
 * must hand the snapshot to a thread or bounded queue of its own. An exception is
 * counted and logged by the recorder and never stops the other listeners.
 */
@FunctionalInterface
public interface SnapshotListener {

	/**
	 * Receive one snapshot.
	 * @param snapshot a raw step or a completed rollup
	 */
	void onSnapshot(StepSnapshot snapshot);

}
