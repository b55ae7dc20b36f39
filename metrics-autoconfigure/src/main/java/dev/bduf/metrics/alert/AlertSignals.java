package dev.bduf.metrics.alert;

import java.util.List;

import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;

/**
 * A source of series that are not meters but that rules can watch, read once per raw
 * step and evaluated with the step's points (for example {@link CollectorSignals}, the
 * collector's own rejection and overflow ratios and the storage state).
 */
@FunctionalInterface
public interface AlertSignals {

	/**
	 * The signals' values for a step.
	 * @param snapshot the raw step being evaluated
	 * @return one point per signal series; never {@code null}
	 */
	List<SeriesPoint> signals(StepSnapshot snapshot);

}
