package dev.bduf.metrics.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.SeriesPoint;
import dev.bduf.metrics.history.StepSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConsoleReporterTests {

	private final List<String> logged = new CopyOnWriteArrayList<>();

	@Test
	void logsTheBusiestSeriesFirstWithoutTheDefaultTags() {
		ConsoleReporter reporter = new ConsoleReporter(Resolution.RAW, 2, Set.of("service"), this.logged::add);
		reporter.report(Snapshots.raw(0));
		assertThat(this.logged).hasSize(1);
		List<String> lines = this.logged.get(0).lines().toList();
		assertThat(lines.get(0)).startsWith("BDUF Metrics: busiest 2 of 4 series, 10s from 2026-01-02T03:04:00Z");
		assertThat(lines.get(1)).contains("name", "tags", "per second", "mean", "max", "p99");
		// checkout: 100 events in 10s; orders: 7 in 10s; basket.size (4) is cut by top=2
		assertThat(lines).hasSize(4);
		assertThat(lines.get(2)).startsWith("checkout").contains("region=eu").doesNotContain("service=")
			.contains("timer", "10.000", "0.050", "0.100", "0.099");
		assertThat(lines.get(3)).startsWith("orders").contains("counter", "0.700");
		assertThat(this.logged.get(0)).doesNotContain("queue.depth");
	}

	@Test
	void saysSoWhenNothingHappened() {
		ConsoleReporter reporter = new ConsoleReporter(Resolution.MINUTE, 10, Set.of(), this.logged::add);
		StepSnapshot quiet = new StepSnapshot(Snapshots.START, Duration.ofMinutes(1), Resolution.MINUTE, "i-1",
				List.of(SeriesPoint.gauge("queue.depth", null, Map.of(), 1),
						SeriesPoint.counter("orders", null, Map.of(), 0, 10)));
		assertThat(reporter.accepts(quiet)).isTrue();
		assertThat(reporter.accepts(Snapshots.raw(0))).isFalse();
		reporter.report(quiet);
		assertThat(this.logged.get(0)).contains("busiest 0 of 2 series, 1m").contains("(no events in this step)");
	}

	@Test
	void longNamesAndTagsAreCutAndSmallNumbersReadable() {
		ConsoleReporter reporter = new ConsoleReporter(Resolution.RAW, 5, Set.of(), this.logged::add);
		String longName = "a.very.long.meter.name.that.does.not.fit.in.the.column";
		StepSnapshot snapshot = new StepSnapshot(Snapshots.START, Duration.ofSeconds(10), "i-1",
				List.of(SeriesPoint.counter(longName, null, Map.of("k", "v".repeat(80)), 0.0001, 1)));
		String table = reporter.table(snapshot);
		assertThat(table).contains("a.very.long.meter.name.that.does.not...").contains("1.000e-05");
		assertThat(reporter.name()).isEqualTo("console");
	}

	@Test
	void needsAtLeastOneRow() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ConsoleReporter(Resolution.RAW, 0, Set.of()));
	}

}
