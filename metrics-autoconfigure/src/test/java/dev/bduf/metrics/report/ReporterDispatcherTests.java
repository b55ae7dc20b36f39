package dev.bduf.metrics.report;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.history.Resolution;
import dev.bduf.metrics.history.StepSnapshot;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReporterDispatcherTests {

	private final MockClock clock = new MockClock();

	private final CountDownLatch release = new CountDownLatch(1);

	private ReporterDispatcher dispatcher;

	@AfterEach
	void close() {
		this.release.countDown();
		if (this.dispatcher != null) {
			this.dispatcher.close();
		}
	}

	@Test
	void aBlockedReporterDelaysNeitherAnotherReporterNorTheHistoryThread() throws Exception {
		Blocking blocked = new Blocking(this.release);
		Recording fast = new Recording("fast");
		this.dispatcher = new ReporterDispatcher(List.of(blocked, fast), 2, this.clock, Snapshots.METADATA);
		for (int i = 0; i < 10; i++) {
			// returns at once although "blocking" never finishes its first snapshot
			this.dispatcher.onSnapshot(Snapshots.raw(i));
			int expected = i + 1;
			await().atMost(Duration.ofSeconds(30)).until(() -> fast.received.size() == expected);
			if (i == 0) {
				assertThat(blocked.entered.await(30, TimeUnit.SECONDS)).isTrue();
			}
		}
		assertThat(status("fast").reported()).isEqualTo(10);
		assertThat(status("fast").dropped()).isZero();

		ReporterStatus stuck = status("blocking");
		// the first snapshot in progress, the last two queued, the seven between dropped
		assertThat(stuck.reported()).isZero();
		assertThat(stuck.queued()).isEqualTo(2);
		assertThat(stuck.dropped()).isEqualTo(7);
		assertThat(stuck.lastSuccess()).isNull();
		// the clock at the end of the last step: the reporter is that far behind
		this.clock.add(Duration.ofMillis(Snapshots.raw(9).end().toEpochMilli() - this.clock.wallTime()));
		assertThat(status("blocking").lag()).isEqualTo(Duration.ofSeconds(90));

		this.release.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> status("blocking").reported() == 3);
		ReporterStatus recovered = status("blocking");
		assertThat(recovered.lastSuccess()).isNotNull();
		assertThat(recovered.lag()).isZero();
		assertThat(blocked.received).extracting(StepSnapshot::start)
			.containsExactly(Snapshots.raw(0).start(), Snapshots.raw(8).start(), Snapshots.raw(9).start());
	}

	@Test
	void aFailingReporterIsCountedWithItsLastErrorAndKeepsReporting() {
		Recording failing = new Recording("flaky") {
			@Override
			public void report(StepSnapshot snapshot) throws Exception {
				super.report(snapshot);
				if (this.received.size() <= 2) {
					throw new IllegalStateException("receiver down");
				}
			}
		};
		this.dispatcher = new ReporterDispatcher(List.of(failing), 8, this.clock, Snapshots.METADATA);
		for (int i = 0; i < 2; i++) {
			this.dispatcher.onSnapshot(Snapshots.raw(i));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status("flaky").failed() == 2);
		ReporterStatus failed = status("flaky");
		assertThat(failed.lastError()).isNotNull();
		assertThat(failed.lastErrorMessage()).isEqualTo("java.lang.IllegalStateException: receiver down");
		assertThat(failed.lastSuccess()).isNull();

		this.dispatcher.onSnapshot(Snapshots.raw(2));
		await().atMost(Duration.ofSeconds(30)).until(() -> status("flaky").reported() == 1);
		assertThat(status("flaky").lastSuccess()).isNotNull();
		assertThat(status("flaky").failed()).isEqualTo(2);
	}

	@Test
	void aReporterGetsOnlyTheSnapshotsItAccepts() {
		Recording minutes = new Recording("minutes") {
			@Override
			public boolean accepts(StepSnapshot snapshot) {
				return snapshot.resolution() == Resolution.MINUTE;
			}
		};
		this.dispatcher = new ReporterDispatcher(List.of(minutes), 8, this.clock, Snapshots.METADATA);
		this.dispatcher.onSnapshot(Snapshots.raw(0));
		this.dispatcher.onSnapshot(Snapshots.rollup(Resolution.MINUTE));
		this.dispatcher.onSnapshot(Snapshots.rollup(Resolution.TEN_MINUTES));
		this.dispatcher.close();
		assertThat(minutes.received).extracting(StepSnapshot::resolution).containsExactly(Resolution.MINUTE);
		assertThat(this.dispatcher.latest()).isEqualTo(Snapshots.raw(0));
	}

	@Test
	void closeReportsWhatIsQueuedThenTakesNoMore() {
		Recording recording = new Recording("recording");
		this.dispatcher = new ReporterDispatcher(List.of(recording), 64, this.clock, Snapshots.METADATA);
		for (int i = 0; i < 20; i++) {
			this.dispatcher.onSnapshot(Snapshots.raw(i));
		}
		this.dispatcher.close();
		assertThat(recording.received).hasSize(20);
		this.dispatcher.onSnapshot(Snapshots.raw(21));
		assertThat(status("recording").queued()).isZero();
	}

	@Test
	void aReporterWithoutANameIsNamedByItsClass() {
		Recording unnamed = new Recording(" ");
		this.dispatcher = new ReporterDispatcher(List.of(unnamed), 1, this.clock, Snapshots.METADATA);
		assertThat(this.dispatcher.statuses()).extracting(ReporterStatus::name).containsExactly("Recording");
		assertThat(this.dispatcher.latestDocument()).isNull();
	}

	@Test
	void theLatestDocumentIsTheJsonOfTheLatestRawStep() {
		JsonSnapshotFormat format = new JsonSnapshotFormat();
		this.dispatcher = new ReporterDispatcher(List.of(), 1, this.clock, Snapshots.METADATA, format::write);
		assertThat(this.dispatcher.latestDocument()).isNull();
		this.dispatcher.onSnapshot(Snapshots.raw(3));
		this.dispatcher.onSnapshot(Snapshots.rollup(Resolution.MINUTE));
		SnapshotDocument document = format.read(this.dispatcher.latestDocument());
		assertThat(document.metadata()).isEqualTo(Snapshots.METADATA);
		assertThat(document.snapshot()).isEqualTo(Snapshots.raw(3));
	}

	private ReporterStatus status(String name) {
		return this.dispatcher.statuses().stream().filter((status) -> status.name().equals(name)).findFirst().get();
	}

	static class Recording implements MetricsReporter {

		final List<StepSnapshot> received = new CopyOnWriteArrayList<>();

		private final String name;

		Recording(String name) {
			this.name = name;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public void report(StepSnapshot snapshot) throws Exception {
			this.received.add(snapshot);
		}

	}

	static final class Blocking extends Recording {

		private final CountDownLatch release;

		final CountDownLatch entered = new CountDownLatch(1);

		Blocking(CountDownLatch release) {
			super("blocking");
			this.release = release;
		}

		@Override
		public void report(StepSnapshot snapshot) throws Exception {
			this.entered.countDown();
			this.release.await(60, TimeUnit.SECONDS);
			super.report(snapshot);
		}

	}

}
