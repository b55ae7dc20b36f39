package dev.bduf.metrics.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates {@link AlertRule}s on raw {@link StepSnapshot}s: every rule on every series of
 * its meter name whose tags include the rule's, plus the series of the
 * {@link AlertSignals}. State per rule and series follows the lifecycle and hysteresis
 * described on {@link AlertRule}; time is the end of the step, so the {@code for}
 * duration runs on the history's clock (a {@code MockClock} in tests), never on the wall
 * clock. Each change of state is handed to the sink as an {@link AlertEvent}, after the
 * step's evaluation, outside the evaluator's lock.
 * <p>
 * A series that is no longer in a step (its meter was removed) resolves a firing alert
 * and clears a pending one, with a {@code NaN} value. Rollup snapshots are ignored.
 * Thread-safe: steps are evaluated one at a time, and {@link #status()} can be read from
 * any thread.
 */
public final class AlertEvaluator {

	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	/** Seasons a seasonal anomaly rule looks back. */
	private static final int SEASONS = 3;

	private final List<RuleRuntime> rules;

	private final Map<String, List<RuleRuntime>> byMetric = new HashMap<>();

	private final List<AlertSignals> signals;

	private final Consumer<AlertEvent> sink;

	private final SeasonalBaseline baseline;

	private final Object lock = new Object();

	private long generation;

	private long steps;

	private long signalFailures;

	/**
	 * Create an evaluator.
	 * @param rules the rules; their names must be unique
	 * @param signals sources of extra series, read once per step
	 * @param sink what receives each state change
	 */
	public AlertEvaluator(List<AlertRule> rules, List<AlertSignals> signals, Consumer<AlertEvent> sink) {
		this(rules, signals, sink, SeasonalBaseline.none());
	}

	/**
	 * Create an evaluator whose seasonal anomaly rules compare with a baseline.
	 * @param rules the rules; their names must be unique
	 * @param signals sources of extra series, read once per step
	 * @param sink what receives each state change
	 * @param baseline what a series was one season ago
	 */
	public AlertEvaluator(List<AlertRule> rules, List<AlertSignals> signals, Consumer<AlertEvent> sink,
			SeasonalBaseline baseline) {
		Objects.requireNonNull(rules, "rules");
		this.baseline = Objects.requireNonNull(baseline, "baseline");
		this.signals = List.copyOf(signals);
		this.sink = Objects.requireNonNull(sink, "sink");
		List<RuleRuntime> runtimes = new ArrayList<>(rules.size());
		Set<String> names = new HashSet<>();
		for (AlertRule rule : rules) {
			if (!names.add(rule.name())) {
				throw new IllegalArgumentException("Two alert rules are named '" + rule.name() + "'");
			}
			RuleRuntime runtime = new RuleRuntime(rule, this.baseline);
			runtimes.add(runtime);
			this.byMetric.computeIfAbsent(rule.metric(), (metric) -> new ArrayList<>()).add(runtime);
		}
		this.rules = List.copyOf(runtimes);
	}

	/**
	 * The rules, in the order given.
	 * @return the rules
	 */
	public List<AlertRule> rules() {
		List<AlertRule> rules = new ArrayList<>(this.rules.size());
		for (RuleRuntime runtime : this.rules) {
			rules.add(runtime.rule);
		}
		return rules;
	}

	/**
	 * Evaluate every rule on a raw step and hand the changes to the sink. A rollup is
	 * ignored. Never throws for a failing signal source (it is logged and skipped).
	 * @param snapshot the step
	 * @return the changes, in the order they were handed to the sink
	 */
	public List<AlertEvent> evaluate(StepSnapshot snapshot) {
		if (snapshot.resolution() != Resolution.RAW) {
			return List.of();
		}
		List<AlertEvent> events = new ArrayList<>();
		synchronized (this.lock) {
			long current = ++this.generation;
			Instant now = snapshot.end();
			double stepSeconds = snapshot.step().toMillis() / 1000.0;
			for (SeriesPoint point : snapshot.points()) {
				evaluate(point, current, snapshot.start(), now, stepSeconds, events);
			}
			for (AlertSignals source : this.signals) {
				for (SeriesPoint point : signals(source, snapshot)) {
					evaluate(point, current, snapshot.start(), now, stepSeconds, events);
				}
			}
			for (RuleRuntime runtime : this.rules) {
				runtime.sweep(current, now, events);
			}
			this.steps++;
		}
		for (AlertEvent event : events) {
			this.sink.accept(event);
		}
		return events;
	}

	private List<SeriesPoint> signals(AlertSignals source, StepSnapshot snapshot) {
		try {
			return source.signals(snapshot);
		}
		catch (RuntimeException ex) {
			if (this.signalFailures++ == 0) {
				logger.warn("An alert signal source failed; later failures are logged at debug level", ex);
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("An alert signal source failed", ex);
			}
			return List.of();
		}
	}

	private void evaluate(SeriesPoint point, long current, Instant start, Instant now, double stepSeconds,
			List<AlertEvent> events) {
		List<RuleRuntime> rules = this.byMetric.get(point.name());
		if (rules == null) {
			return;
		}
		for (RuleRuntime runtime : rules) {
			if (runtime.rule.matches(point.tags())) {
				runtime.evaluate(point.tags(), runtime.rule.statistic().of(point, stepSeconds), current, start, now,
						events);
			}
		}
	}

	/**
	 * Every rule and where it stands.
	 * @return one status per rule, in the order of the rules
	 */
	public List<RuleStatus> status() {
		synchronized (this.lock) {
			List<RuleStatus> statuses = new ArrayList<>(this.rules.size());
			for (RuleRuntime runtime : this.rules) {
				statuses.add(runtime.status());
			}
			return statuses;
		}
	}

	/**
	 * Steps evaluated so far.
	 * @return the count
	 */
	public long steps() {
		synchronized (this.lock) {
			return this.steps;
		}
	}

	/**
	 * The evaluation state of one rule.
	 */
	private static final class RuleRuntime {

		private final AlertRule rule;

		private final SeasonalBaseline baseline;

		private final Map<Map<String, String>, SeriesState> series = new LinkedHashMap<>();

		RuleRuntime(AlertRule rule, SeasonalBaseline baseline) {
			this.rule = rule;
			this.baseline = baseline;
		}

		void evaluate(Map<String, String> tags, double value, long current, Instant start, Instant now,
				List<AlertEvent> events) {
			SeriesState state = this.series.get(tags);
			if (state == null) {
				state = new SeriesState(tags, (this.rule.kind() == AlertRule.Kind.ANOMALY)
						? new AnomalyDetector(this.rule.warmUp()) : null);
				this.series.put(tags, state);
			}
			state.generation = current;
			state.value = value;
			boolean active = state.state == AlertState.PENDING || state.state == AlertState.FIRING;
			boolean holds = holds(state, value, active, start);
			AlertState next = next(state, holds, now);
			if (next != state.state) {
				AlertState previous = state.state;
				state.state = next;
				state.since = now;
				events.add(event(state, previous, value));
			}
		}

		private boolean holds(SeriesState state, double value, boolean active, Instant start) {
			double hysteresis = active ? this.rule.hysteresis() : 0;
			AlertRule.Operator operator = this.rule.operator();
			if (this.rule.kind() == AlertRule.Kind.THRESHOLD) {
				double threshold = this.rule.threshold();
				double band = hysteresis * Math.abs(threshold);
				// the threshold moved by the band in the direction that keeps the state
				return Objects.requireNonNull(operator).test(value, operator.above() ? threshold - band
						: threshold + band);
			}
			AnomalyDetector detector = Objects.requireNonNull(state.detector);
			double seasonal = Double.NaN;
			if (!this.rule.seasonality().isZero() && Double.isFinite(value)) {
				seasonal = seasonal(state.tags, start);
			}
			double score;
			if (Double.isFinite(seasonal)) {
				// the difference from the same time of the previous season has its own baseline
				if (state.seasonal == null) {
					state.seasonal = new AnomalyDetector(this.rule.warmUp());
				}
				AnomalyDetector residuals = state.seasonal;
				score = residuals.score(value - seasonal, this.rule.sensitivity());
				state.expected = seasonal + residuals.mean();
			}
			else {
				score = detector.score(value, this.rule.sensitivity());
				state.expected = detector.mean();
			}
			state.score = score;
			double limit = this.rule.sensitivity() * (1 - hysteresis);
			if (Double.isNaN(score)) {
				return false;
			}
			if (operator == null) {
				return Math.abs(score) > limit;
			}
			return operator.above() ? score > limit : score < -limit;
		}

		/**
		 * The same time in the last {@value #SEASONS} seasons the history has: the median
		 * of three, the mean of two, or the one; NaN with none. The median keeps a one-off
		 * spike of one season from echoing as an anomaly in the next.
		 */
		private double seasonal(Map<String, String> tags, Instant start) {
			double[] values = new double[SEASONS];
			int found = 0;
			for (int season = 1; season <= SEASONS; season++) {
				double value = this.baseline.valueAt(this.rule, tags,
						start.minus(this.rule.seasonality().multipliedBy(season)));
				if (Double.isFinite(value)) {
					values[found++] = value;
				}
			}
			return switch (found) {
				case 0 -> Double.NaN;
				case 1 -> values[0];
				case 2 -> (values[0] + values[1]) / 2;
				default -> Math.max(Math.min(values[0], values[1]),
						Math.min(Math.max(values[0], values[1]), values[2]));
			};
		}

		private AlertState next(SeriesState state, boolean holds, Instant now) {
			switch (state.state) {
				case PENDING:
					if (!holds) {
						return AlertState.INACTIVE;
					}
					Instant pendingSince = Objects.requireNonNull(state.since);
					return (now.compareTo(pendingSince.plus(this.rule.forDuration())) >= 0) ? AlertState.FIRING
							: AlertState.PENDING;
				case FIRING:
					return holds ? AlertState.FIRING : AlertState.RESOLVED;
				default:
					if (!holds) {
						return state.state;
					}
					return this.rule.forDuration().isZero() ? AlertState.FIRING : AlertState.PENDING;
			}
		}

		void sweep(long current, Instant now, List<AlertEvent> events) {
			for (Iterator<SeriesState> it = this.series.values().iterator(); it.hasNext();) {
				SeriesState state = it.next();
				if (state.generation == current) {
					continue;
				}
				AlertState previous = state.state;
				if (previous == AlertState.FIRING || previous == AlertState.PENDING) {
					state.state = (previous == AlertState.FIRING) ? AlertState.RESOLVED : AlertState.INACTIVE;
					state.since = now;
					events.add(event(state, previous, Double.NaN));
				}
				it.remove();
			}
		}

		private AlertEvent event(SeriesState state, AlertState previous, double value) {
			return new AlertEvent(this.rule.name(), this.rule.metric(), state.tags, value, this.rule.threshold(),
					state.state, previous, Objects.requireNonNull(state.since), this.rule.severity());
		}

		RuleStatus status() {
			List<RuleStatus.SeriesStatus> series = new ArrayList<>(this.series.size());
			AlertState worst = AlertState.INACTIVE;
			double value = Double.NaN;
			for (SeriesState state : this.series.values()) {
				series.add(new RuleStatus.SeriesStatus(state.tags, state.state, state.value, state.score,
						state.expected, state.since));
				if (series.size() == 1 || urgency(state.state) > urgency(worst)) {
					worst = state.state;
					value = state.value;
				}
			}
			return new RuleStatus(this.rule, worst, value, series);
		}

		private static int urgency(AlertState state) {
			return switch (state) {
				case FIRING -> 3;
				case PENDING -> 2;
				case RESOLVED -> 1;
				case INACTIVE -> 0;
			};
		}

	}

	/**
	 * The state of one rule on one series.
	 */
	private static final class SeriesState {

		private final Map<String, String> tags;

		private final @Nullable AnomalyDetector detector;

		private @Nullable AnomalyDetector seasonal;

		private AlertState state = AlertState.INACTIVE;

		private @Nullable Instant since;

		private long generation;

		private double value = Double.NaN;

		private double score = Double.NaN;

		private double expected = Double.NaN;

		SeriesState(Map<String, String> tags, @Nullable AnomalyDetector detector) {
			this.tags = tags;
			this.detector = detector;
		}

	}

}
