package dev.bduf.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One update of a {@link StreamingSession}: a {@link Snapshot} of the matching series or
 * an {@link Alert} change. Both carry a sequence number from one counter, which the
 * {@code metricstream} endpoint sends as the SSE {@code id}.
 */
public sealed interface StreamingUpdate permits StreamingUpdate.Snapshot, StreamingUpdate.Alert {

	/**
	 * The sequence number, increasing over every update of the application.
	 * @return the sequence number
	 */
	long seq();

	/**
	 * The matching series at the end of one interval.
	 *
	 * @param seq the sequence number
	 * @param time the end of the interval
	 * @param interval the interval
	 * @param mode values or deltas
	 * @param dropped updates this subscriber lost since the one before (its queue was
	 * full, or they were gone from the replay buffer when it reconnected)
	 * @param series the matching series
	 */
	record Snapshot(long seq, Instant time, Duration interval, StreamingConfig.Mode mode, long dropped,
			List<Series> series) implements StreamingUpdate {

		/**
		 * Validate and copy.
		 * @param seq the sequence number
		 * @param time the end of the interval
		 * @param interval the interval
		 * @param mode the mode
		 * @param dropped the updates lost, not negative
		 * @param series the series
		 */
		public Snapshot {
			Objects.requireNonNull(time, "time");
			Objects.requireNonNull(interval, "interval");
			Objects.requireNonNull(mode, "mode");
			if (dropped < 0) {
				throw new IllegalArgumentException("dropped must not be negative: " + dropped);
			}
			series = List.copyOf(series);
		}

		/**
		 * This snapshot saying that more updates were lost before it.
		 * @param lost updates lost
		 * @return a new snapshot, or this one when none were lost
		 */
		public Snapshot withDropped(long lost) {
			return (lost == 0) ? this
					: new Snapshot(this.seq, this.time, this.interval, this.mode, this.dropped + lost, this.series);
		}

	}

	/**
	 * One series of a {@link Snapshot}. A value that does not apply to the kind, or is not
	 * known, is {@code NaN} (the endpoint sends {@code null}).
	 *
	 * @param name the meter name
	 * @param kind {@code COUNTER}, {@code GAUGE}, {@code TIMER}, {@code SUMMARY},
	 * {@code LONG_TASK_TIMER} or {@code OTHER}
	 * @param baseUnit the base unit, {@code null} when the meter has none
	 * @param tags the series' tags
	 * @param value the natural single number: a counter's increase over the interval
	 * (deltas) or cumulative total (values), a gauge's last sample, the mean event of a
	 * timer or summary, the active tasks of a long task timer
	 * @param count events of a timer or summary over the interval, active tasks of a long
	 * task timer
	 * @param sum a counter's increase over the interval, the total of the events of a
	 * timer or summary, the total duration of a long task timer's active tasks
	 * @param max the largest event over the interval, or a gauge's sample
	 * @param mean the mean event, or a gauge's sample
	 * @param p50 the median event, when the meter publishes a histogram
	 * @param p95 the 95th percentile
	 * @param p99 the 99th percentile
	 */
	record Series(String name, String kind, @Nullable String baseUnit, Map<String, String> tags, double value,
			double count, double sum, double max, double mean, double p50, double p95, double p99) {

		/**
		 * Validate and copy.
		 * @param name the meter name
		 * @param kind the kind
		 * @param baseUnit the base unit
		 * @param tags the tags
		 * @param value the value
		 * @param count the count
		 * @param sum the sum
		 * @param max the max
		 * @param mean the mean
		 * @param p50 the median
		 * @param p95 the 95th percentile
		 * @param p99 the 99th percentile
		 */
		public Series {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(kind, "kind");
			tags = Map.copyOf(tags);
		}

	}

	/**
	 * A change of an alert rule's state, as the alerting published it.
	 *
	 * @param seq the sequence number
	 * @param rule the rule's name
	 * @param metric the meter name the rule watches
	 * @param tags the tags of the series that changed state
	 * @param value the value that caused the change
	 * @param threshold the rule's threshold ({@code NaN} for an anomaly rule)
	 * @param state the new state ({@code INACTIVE}, {@code PENDING}, {@code FIRING},
	 * {@code RESOLVED})
	 * @param previous the state before
	 * @param since when the rule entered the new state
	 * @param severity the rule's severity
	 */
	record Alert(long seq, String rule, String metric, Map<String, String> tags, double value, double threshold,
			String state, String previous, Instant since, String severity) implements StreamingUpdate {

		/**
		 * Validate and copy.
		 * @param seq the sequence number
		 * @param rule the rule
		 * @param metric the metric
		 * @param tags the tags
		 * @param value the value
		 * @param threshold the threshold
		 * @param state the new state
		 * @param previous the state before
		 * @param since when the new state began
		 * @param severity the severity
		 */
		public Alert {
			Objects.requireNonNull(rule, "rule");
			Objects.requireNonNull(metric, "metric");
			Objects.requireNonNull(state, "state");
			Objects.requireNonNull(previous, "previous");
			Objects.requireNonNull(since, "since");
			Objects.requireNonNull(severity, "severity");
			tags = Map.copyOf(tags);
		}

	}

}
