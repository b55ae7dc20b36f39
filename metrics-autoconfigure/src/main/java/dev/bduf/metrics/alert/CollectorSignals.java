package dev.bduf.metrics.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.storage.MetricsStorage;
import dev.bduf.metrics.storage.StorageState;
import org.jspecify.annotations.Nullable;

/**
 * The collector's own health as signals for alert rules, read from
 * {@link MetricsCollector#getCollectorStats()} and {@link MetricsStorage#state()} each
 * step rather than from meters:
 * <ul>
 * <li>{@value #REJECTION_RATIO}: recordings rejected over recordings attempted in the
 * step (0 in a step without attempts);</li>
 * <li>{@value #OVERFLOW_RATIO}: recordings sent to an overflow series over recordings
 * attempted in the step;</li>
 * <li>{@value #STORAGE_DOWN}: 1 while the storage reports an error or dropped snapshots
 * in the step, else 0, tagged {@code backend}.</li>
 * </ul>
 * {@link #defaultRules()} are the rules the starter ships on them.
 */
public final class CollectorSignals implements AlertSignals {

	/**
	 * The signal of rejected recordings per attempted recording.
	 */
	public static final String REJECTION_RATIO = "bduf.collector.rejection.ratio";

	/**
	 * The signal of overflowed recordings per attempted recording.
	 */
	public static final String OVERFLOW_RATIO = "bduf.collector.overflow.ratio";

	/**
	 * The signal of a storage backend that fails.
	 */
	public static final String STORAGE_DOWN = "bduf.storage.down";

	private final MetricsCollector collector;

	private final @Nullable MetricsStorage storage;

	private long attempted = -1;

	private long rejected;

	private long overflowed;

	private long dropped = -1;

	/**
	 * Signals of a collector and, optionally, a storage.
	 * @param collector the collector
	 * @param storage the storage, or {@code null} for no storage signal
	 */
	public CollectorSignals(MetricsCollector collector, @Nullable MetricsStorage storage) {
		this.collector = collector;
		this.storage = storage;
	}

	/**
	 * The rules the starter ships ({@code bduf.metrics.alerts.default-rules.enabled}):
	 * {@code collector-rejections} (more than 5% of the recordings rejected for a minute),
	 * {@code collector-overflow} (more than 5% going to overflow series for a minute) and
	 * {@code storage-down} (the storage failing for a minute, severity
	 * {@code critical}).
	 * @return the rules
	 */
	public static List<AlertRule> defaultRules() {
		Duration minute = Duration.ofMinutes(1);
		return List.of(
				AlertRule.threshold("collector-rejections", REJECTION_RATIO, AlertRule.Statistic.VALUE,
						AlertRule.Operator.GREATER_THAN, 0.05).withFor(minute),
				AlertRule.threshold("collector-overflow", OVERFLOW_RATIO, AlertRule.Statistic.VALUE,
						AlertRule.Operator.GREATER_THAN, 0.05).withFor(minute),
				AlertRule.threshold("storage-down", STORAGE_DOWN, AlertRule.Statistic.VALUE,
						AlertRule.Operator.GREATER_THAN_OR_EQUAL, 1).withFor(minute).withSeverity("critical"));
	}

	@Override
	public List<SeriesPoint> signals(StepSnapshot snapshot) {
		List<SeriesPoint> points = new ArrayList<>(3);
		CollectorStats stats = this.collector.getCollectorStats();
		long attempted = stats.attempted();
		if (this.attempted >= 0) {
			long attempts = attempted - this.attempted;
			double rejections = (attempts > 0) ? (double) (stats.rejected() - this.rejected) / attempts : 0;
			double overflows = (attempts > 0) ? (double) (stats.overflowed() - this.overflowed) / attempts : 0;
			points.add(SeriesPoint.gauge(REJECTION_RATIO, "ratio", Map.of(), Math.max(0, rejections)));
			points.add(SeriesPoint.gauge(OVERFLOW_RATIO, "ratio", Map.of(), Math.max(0, overflows)));
		}
		this.attempted = attempted;
		this.rejected = stats.rejected();
		this.overflowed = stats.overflowed();
		MetricsStorage storage = this.storage;
		if (storage != null) {
			StorageState state = storage.state();
			boolean dropping = this.dropped >= 0 && state.dropped() > this.dropped;
			this.dropped = state.dropped();
			double down = (state.lastError() != null || dropping) ? 1 : 0;
			points.add(SeriesPoint.gauge(STORAGE_DOWN, null, Map.of("backend", state.backend()), down));
		}
		return points;
	}

}
