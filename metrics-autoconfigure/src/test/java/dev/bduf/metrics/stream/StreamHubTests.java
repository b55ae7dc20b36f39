package dev.bduf.metrics.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

import dev.bduf.metrics.StreamingConfig;
import dev.bduf.metrics.StreamingSession;
import dev.bduf.metrics.StreamingUpdate;
import dev.bduf.metrics.alert.AlertEvent;
import dev.bduf.metrics.alert.AlertState;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub without a web server: filters, values and deltas, bounded queues that drop
 * their oldest, replay after a sequence number, the subscriber cap, alerts, the publisher.
 * Meters are registered on a plain registry here: the hub only reads.
 */
class StreamHubTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MockClock clock = new MockClock();

	private StreamHub hub = new StreamHub(this.registry, this.clock,
			new StreamSettings(Duration.ofMinutes(10), 3, 2, Duration.ofSeconds(15), 4));

	@AfterEach
	void close() {
		this.hub.close();
	}

	/** One snapshot of every group, on the test's thread. */
	private void tick() {
		groupsOf().forEach(this.hub::tick);
	}

	@SuppressWarnings("unchecked")
	private List<StreamHub.Group> groupsOf() {
		try {
			java.lang.reflect.Field field = StreamHub.class.getDeclaredField("groups");
			field.setAccessible(true);
			return new ArrayList<>(((Map<Duration, StreamHub.Group>) field.get(this.hub)).values());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void filtersByNameGlobAndTagsAndSendsDeltasOrValues() throws Exception {
		this.registry.counter("orders.placed", "region", "eu").increment(3);
		this.registry.counter("orders.placed", "region", "us").increment(1);
		this.registry.counter("orders.cancelled", "region", "eu").increment(1);
		this.registry.gauge("queue.depth", 7);
		StreamSubscription deltas = this.hub.open(StreamingConfig.of("orders.pl*").withTags(Map.of("region", "eu")),
				null);
		StreamSubscription values = this.hub.open(
				StreamingConfig.of("orders.placed", "queue.*").withMode(StreamingConfig.Mode.VALUES), null);
		this.registry.counter("orders.placed", "region", "eu").increment(2);
		tick();
		StreamingUpdate.Snapshot delta = (StreamingUpdate.Snapshot) deltas.poll(Duration.ZERO);
		assertThat(delta.series()).singleElement().satisfies((series) -> {
			assertThat(series.name()).isEqualTo("orders.placed");
			assertThat(series.kind()).isEqualTo("COUNTER");
			assertThat(series.tags()).containsEntry("region", "eu");
			assertThat(series.value()).isEqualTo(2.0);
		});
		StreamingUpdate.Snapshot value = (StreamingUpdate.Snapshot) values.poll(Duration.ZERO);
		assertThat(value.mode()).isEqualTo(StreamingConfig.Mode.VALUES);
		assertThat(value.series()).extracting(StreamingUpdate.Series::name, StreamingUpdate.Series::value)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("orders.placed", 5.0),
					org.assertj.core.groups.Tuple.tuple("orders.placed", 1.0),
					org.assertj.core.groups.Tuple.tuple("queue.depth", 7.0));
		assertThat(delta.seq()).isEqualTo(value.seq());
	}

	@Test
	void aFullQueueDropsItsOldestAndTheNextSnapshotSaysHowMany() throws Exception {
		StreamSubscription slow = this.hub.open(StreamingConfig.of("none"), null);
		StreamSubscription fast = this.hub.open(StreamingConfig.of("none"), null);
		for (int i = 0; i < 7; i++) {
			tick();
			assertThat(((StreamingUpdate.Snapshot) fast.poll(Duration.ZERO)).dropped()).isZero();
		}
		// queue-size 3: four of the seven went, the oldest ones
		StreamingUpdate.Snapshot next = (StreamingUpdate.Snapshot) slow.poll(Duration.ZERO);
		assertThat(next.dropped()).isEqualTo(4);
		assertThat(next.seq()).isEqualTo(this.hub.lastSequence() - 2);
		assertThat(((StreamingUpdate.Snapshot) slow.poll(Duration.ZERO)).dropped()).isZero();
		assertThat(slow.dropped()).isEqualTo(4);
		assertThat(fast.dropped()).isZero();
	}

	@Test
	void replaysWhatIsBufferedAfterTheLastEventIdAndCountsWhatIsGone() throws Exception {
		StreamSubscription first = this.hub.open(StreamingConfig.of("none"), null);
		tick();
		long seen = first.poll(Duration.ZERO).seq();
		tick();
		tick();
		StreamSubscription resumed = this.hub.open(StreamingConfig.of("none"), seen);
		assertThat(resumed.poll(Duration.ZERO).seq()).isEqualTo(seen + 1);
		assertThat(resumed.poll(Duration.ZERO).seq()).isEqualTo(seen + 2);
		assertThat(resumed.poll(Duration.ZERO)).isNull();
		for (int i = 0; i < 6; i++) {
			tick();
		}
		// replay-size 4: of the eight after 'seen', the four oldest are gone; of the four
		// replayed, the queue (3) keeps the last three
		resumed.close();
		StreamSubscription late = this.hub.open(StreamingConfig.of("none"), seen);
		StreamingUpdate.Snapshot replayed = (StreamingUpdate.Snapshot) late.poll(Duration.ZERO);
		assertThat(replayed.seq()).isEqualTo(seen + 6);
		assertThat(replayed.dropped()).isEqualTo(5);
		// an id from before a restart: a fresh stream
		StreamSubscription unknown = this.hub.open(StreamingConfig.of("none"), 1_000_000L);
		assertThat(unknown.poll(Duration.ZERO)).isNull();
		late.close();
		unknown.close();
	}

	@Test
	void refusesInvalidConfigurationsAndSubscribersBeyondTheCap() {
		StreamSubscription invalid = this.hub.open(StreamingConfig.of(" "), null);
		assertThat(invalid.problem()).isEqualTo(StreamSubscription.Problem.INVALID);
		assertThat(invalid.error()).isEqualTo("name must not be blank");
		assertThat(invalid.isOpen()).isFalse();
		assertThat(this.hub.open(StreamingConfig.of().withInterval(Duration.ZERO), null).error())
			.contains("interval must be positive");
		assertThat(this.hub.open(StreamingConfig.of().withTags(Map.of("region", "")), null).error())
			.contains("tag 'region' must have a value");
		StreamSubscription one = this.hub.open(null, null);
		StreamSubscription two = this.hub.open(StreamingConfig.of(), null);
		StreamSubscription three = this.hub.open(StreamingConfig.of(), null);
		assertThat(three.problem()).isEqualTo(StreamSubscription.Problem.FULL);
		assertThat(three.error()).contains("bduf.metrics.stream.max-subscribers");
		assertThat(this.hub.subscribers()).isEqualTo(2);
		assertThat(this.hub.stop(one.id())).isTrue();
		assertThat(this.hub.stop(one.id())).isFalse();
		assertThat(this.hub.open(StreamingConfig.of(), null).problem()).isEqualTo(StreamSubscription.Problem.NONE);
		two.close();
		this.hub.close();
		assertThat(this.hub.open(StreamingConfig.of(), null).problem()).isEqualTo(StreamSubscription.Problem.CLOSED);
	}

	@Test
	void snapshotsOnlyWhileSomeoneListens() {
		assertThat(this.hub.isActive()).isFalse();
		StreamingSession session = this.hub.start(StreamingConfig.of());
		assertThat(this.hub.isActive()).isTrue();
		session.close();
		assertThat(this.hub.isActive()).isFalse();
		assertThat(this.hub.subscribers()).isZero();
	}

	@Test
	void raisesShortIntervalsToTheMinimum() {
		StreamSubscription subscription = this.hub.open(StreamingConfig.of().withInterval(Duration.ofMillis(5)), null);
		assertThat(subscription.interval()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void sendsAlertsToEverySubscriberInSequence() throws Exception {
		StreamSubscription a = this.hub.open(StreamingConfig.of("x"), null);
		StreamSubscription b = this.hub.open(StreamingConfig.of("y"), null);
		tick();
		this.hub.publishAlert(new AlertEvent("high", "orders", Map.of("region", "eu"), 12, 10, AlertState.FIRING,
				AlertState.PENDING, Instant.EPOCH, "warning"));
		for (StreamSubscription subscription : List.of(a, b)) {
			StreamingUpdate snapshot = subscription.poll(Duration.ZERO);
			StreamingUpdate alert = subscription.poll(Duration.ZERO);
			assertThat(alert).isInstanceOfSatisfying(StreamingUpdate.Alert.class, (event) -> {
				assertThat(event.rule()).isEqualTo("high");
				assertThat(event.state()).isEqualTo("FIRING");
				assertThat(event.seq()).isEqualTo(snapshot.seq() + 1);
			});
		}
	}

	@Test
	void thePublisherHonoursDemandAndCompletesOnClose() throws Exception {
		StreamingSession session = this.hub.start(StreamingConfig.of("none"));
		List<StreamingUpdate> received = new CopyOnWriteArrayList<>();
		List<String> signals = new CopyOnWriteArrayList<>();
		Flow.Subscription[] subscription = new Flow.Subscription[1];
		session.updates().subscribe(new Flow.Subscriber<>() {

			@Override
			public void onSubscribe(Flow.Subscription s) {
				subscription[0] = s;
				s.request(1);
			}

			@Override
			public void onNext(StreamingUpdate item) {
				received.add(item);
			}

			@Override
			public void onError(Throwable throwable) {
				signals.add("error " + throwable.getMessage());
			}

			@Override
			public void onComplete() {
				signals.add("complete");
			}

		});
		tick();
		tick();
		await().until(() -> received.size() == 1);
		subscription[0].request(5);
		await().until(() -> received.size() == 2);
		// a second subscriber is refused
		List<Throwable> second = new ArrayList<>();
		session.updates().subscribe(new Recorder(second));
		assertThat(second).singleElement().satisfies((ex) -> assertThat(ex).hasMessageContaining("already"));
		session.close();
		await().until(() -> signals.contains("complete"));
		assertThat(this.hub.subscribers()).isZero();
	}

	@Test
	void aRefusedSessionSignalsItsProblem() {
		List<Throwable> errors = new ArrayList<>();
		this.hub.start(StreamingConfig.of("a b")).updates().subscribe(new Recorder(errors));
		assertThat(errors).singleElement()
			.satisfies((ex) -> assertThat(ex).hasMessage("name 'a b' must not contain white space"));
		StreamingSession failed = StreamingSession.failed("x", null, "off");
		assertThat(failed.isOpen()).isFalse();
		assertThat(failed.config()).isEqualTo(StreamingConfig.of());
		failed.updates().subscribe(new Recorder(errors));
		assertThat(errors).last().satisfies((ex) -> assertThat(ex).hasMessage("off"));
	}

	@Test
	void globs() {
		assertThat(StreamFilter.glob("*").test("anything")).isTrue();
		assertThat(StreamFilter.glob("http.*").test("http.server.requests")).isTrue();
		assertThat(StreamFilter.glob("http.*").test("jvm.http")).isFalse();
		assertThat(StreamFilter.glob("*.requests").test("http.server.requests")).isTrue();
		assertThat(StreamFilter.glob("jvm.?c.*").test("jvm.gc.pause")).isTrue();
		assertThat(StreamFilter.glob("a+b").test("a+b")).isTrue();
		assertThat(StreamFilter.glob("a+*b").test("aab")).isFalse();
		StreamFilter filter = new StreamFilter(List.of("orders.*"), Map.of("region", "eu"));
		assertThat(filter.matches("orders.placed", Map.of("region", "eu", "x", "y"))).isTrue();
		assertThat(filter.matches("orders.placed", Map.of("region", "us"))).isFalse();
		assertThat(filter.matches("orders.placed", Map.of())).isFalse();
		assertThat(filter.matches("payments", Map.of("region", "eu"))).isFalse();
	}

	/**
	 * Records the error of a refused subscription.
	 */
	private record Recorder(List<Throwable> errors) implements Flow.Subscriber<StreamingUpdate> {

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
		}

		@Override
		public void onNext(StreamingUpdate item) {
		}

		@Override
		public void onError(Throwable throwable) {
			this.errors.add(throwable);
		}

		@Override
		public void onComplete() {
		}

	}

}
