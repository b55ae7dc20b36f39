package dev.bduf.metrics.tracking;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AliasFor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class TrackedAspectTests {

	private final MockClock clock = new MockClock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock);

	private final List<Object> events = new ArrayList<>();

	private MethodTracker tracker = tracker(TrackingSettings.defaults(), null);

	private MethodTracker tracker(TrackingSettings settings, TrackedTagsProvider tags) {
		return new MethodTracker(this.registry, settings, this.events::add, List.of(new ReactorTrackingExtension()),
				tags);
	}

	/**
	 * A proxy with the advisor that Spring applications get.
	 */
	@SuppressWarnings("unchecked")
	private <T> T proxy(Object target) {
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TrackedAdvisor(this.tracker));
		return (T) factory.getProxy();
	}

	/**
	 * A proxy with the AspectJ aspect, as AspectJ weaving applies it.
	 */
	@SuppressWarnings("unchecked")
	private <T> T aspectProxy(Object target) {
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAspect(new TrackedAspect(this.tracker));
		return (T) factory.getProxy();
	}

	@Test
	void aspectTracksMethodAndClassLevelAnnotationsAndMetaAnnotations() {
		Orders orders = aspectProxy(new Orders(this.clock));
		Catalog catalog = aspectProxy(new Catalog());
		Ledger ledger = aspectProxy(new Ledger(this.clock));
		Base child = aspectProxy(new FirstChild());
		orders.place("pen");
		orders.untracked();
		catalog.list();
		catalog.find();
		catalog.internal();
		ledger.post();
		ledger.close();
		child.work();
		assertThat(timer("method.tracked", "place", "success").count()).isEqualTo(1);
		assertThat(this.registry.find("method.tracked").tag("method", "untracked").timer()).isNull();
		assertThat(this.registry.find("catalog.calls").tag("method", "list").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("catalog.find").tag("method", "find").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("catalog.calls").tag("method", "internal").timer()).isNull();
		assertThat(this.registry.find("audit.calls").tag("method", "post").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("audit.calls.slow").tag("method", "post").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("audit.calls").tag("method", "close").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("base").tag("class", FirstChild.class.getName()).timer().count()).isEqualTo(1);
	}

	@Test
	void aspectRecordsFailuresAndAsyncResultsLikeTheAdvisor() {
		Orders orders = aspectProxy(new Orders(this.clock));
		Async async = aspectProxy(new Async());
		IllegalStateException thrown = new IllegalStateException("sold out");
		assertThatIllegalStateException().isThrownBy(() -> orders.fail(thrown)).isSameAs(thrown);
		assertThat(async.mono(this.clock).block()).isEqualTo("mono");
		assertThat(timer("method.tracked", "fail", "error").count()).isEqualTo(1);
		assertThat(timer("method.tracked", "mono", "success").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
	}

	@Test
	void aspectCannotSeeInterfaceAnnotationsWhichIsWhySpringUsesTheAdvisor() {
		Greeter greeter = aspectProxy(new PoliteGreeter());
		Repository repository = aspectProxy(new MemoryRepository());
		greeter.greet("Ada");
		repository.load();
		assertThat(this.registry.getMeters()).isEmpty();
	}

	private Timer timer(String name, String method, String outcome) {
		return this.registry.find(name).tags("method", method, "outcome", outcome).timer();
	}

	@Test
	void methodLevelAnnotationRecordsTimerWithClassMethodExceptionAndOutcome() {
		Orders orders = proxy(new Orders(this.clock));
		assertThat(orders.place("book")).isEqualTo("placed book");
		Timer timer = this.registry.find("method.tracked").timer();
		assertThat(timer).isNotNull();
		assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(Tag.of("class", Orders.class.getName()),
				Tag.of("method", "place"), Tag.of("exception", "none"), Tag.of("outcome", "success"),
				Tag.of("channel", "web"));
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
	}

	@Test
	void failingCallIsRecordedAsErrorAndTheSameExceptionReachesTheCaller() {
		Orders orders = proxy(new Orders(this.clock));
		IllegalStateException thrown = new IllegalStateException("sold out");
		assertThatIllegalStateException().isThrownBy(() -> orders.fail(thrown)).isSameAs(thrown);
		Timer timer = timer("method.tracked", "fail", "error");
		assertThat(timer.getId().getTag("exception")).isEqualTo("IllegalStateException");
		assertThat(timer.count()).isEqualTo(1);
	}

	@Test
	void untrackedMethodOfAnUnannotatedClassRecordsNothing() {
		Orders orders = proxy(new Orders(this.clock));
		assertThat(orders.untracked()).isEqualTo(42);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void classLevelAnnotationTracksPublicMethodsAndMethodLevelWins() {
		Catalog catalog = proxy(new Catalog());
		catalog.list();
		catalog.find();
		catalog.internal();
		assertThat(this.registry.find("catalog.calls").tag("method", "list").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("catalog.calls").tag("method", "find").timer()).isNull();
		assertThat(this.registry.find("catalog.find").tag("method", "find").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("catalog.calls").tag("method", "internal").timer()).isNull();
	}

	@Test
	void annotationOnAnImplementedInterfaceMethodIsHonoured() {
		Greeter greeter = proxy(new PoliteGreeter());
		assertThat(greeter.greet("Ada")).isEqualTo("Hello, Ada");
		greeter.untracked();
		assertThat(this.registry.find("greetings").tag("class", PoliteGreeter.class.getName()).timer().count())
			.isEqualTo(1);
		assertThat(this.registry.find("greetings").tag("method", "untracked").timer()).isNull();
	}

	@Test
	void annotationOnAnImplementedInterfaceTracksItsPublicMethods() {
		Repository repository = proxy(new MemoryRepository());
		repository.load();
		assertThat(this.registry.find("repository").tag("method", "load").timer().count()).isEqualTo(1);
	}

	@Test
	void metaAnnotationIsHonouredWithItsAliasedAttributes() {
		Ledger ledger = proxy(new Ledger(this.clock));
		ledger.post();
		ledger.close();
		assertThat(this.registry.find("audit.calls").tag("method", "post").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("audit.calls.slow").tag("method", "post").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("audit.calls").tag("method", "close").timer().count()).isEqualTo(1);
	}

	@Test
	void completionStageIsTimedToCompletion() {
		Async async = proxy(new Async());
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletionStage<String> stage = async.later(source);
		assertThat(this.registry.find("method.tracked").timer()).isNull();
		this.clock.add(Duration.ofMillis(300));
		source.complete("done");
		assertThat(stage.toCompletableFuture().join()).isEqualTo("done");
		Timer timer = timer("method.tracked", "later", "success");
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
	}

	@Test
	void failedCompletionStageIsRecordedWithTheUnwrappedException() {
		Async async = proxy(new Async());
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletionStage<String> stage = async.later(source);
		source.completeExceptionally(new CompletionException(new IllegalArgumentException("bad")));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> stage.toCompletableFuture().join());
		assertThat(timer("method.tracked", "later", "error").getId().getTag("exception"))
			.isEqualTo("IllegalArgumentException");
	}

	@Test
	void monoIsTimedFromSubscriptionToTermination() {
		Async async = proxy(new Async());
		Mono<String> mono = async.mono(this.clock);
		this.clock.add(Duration.ofSeconds(5));
		assertThat(this.registry.find("method.tracked").timer()).isNull();
		assertThat(mono.block()).isEqualTo("mono");
		Timer timer = timer("method.tracked", "mono", "success");
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
	}

	@Test
	void fluxIsTimedToCompletionOrError() {
		Async async = proxy(new Async());
		assertThat(async.flux(false).collectList().block()).containsExactly(1, 2, 3);
		assertThatIllegalStateException().isThrownBy(() -> async.flux(true).blockLast());
		assertThat(timer("method.tracked", "flux", "success").count()).isEqualTo(1);
		assertThat(timer("method.tracked", "flux", "error").getId().getTag("exception"))
			.isEqualTo("IllegalStateException");
	}

	@Test
	void failedMonoIsRecordedAsError() {
		Async async = proxy(new Async());
		assertThatIllegalStateException().isThrownBy(() -> async.failingMono().block());
		assertThat(timer("method.tracked", "failingMono", "error").getId().getTag("exception"))
			.isEqualTo("IllegalStateException");
	}

	@Test
	void samplingGatesTheExtrasButTheTimerCountsEveryCall() {
		Sampled sampled = proxy(new Sampled());
		for (int i = 0; i < 1000; i++) {
			sampled.half();
			sampled.never();
		}
		assertThat(this.registry.find("method.tracked").tag("method", "half").timer().count()).isEqualTo(1000);
		assertThat(this.registry.find("method.tracked").tag("method", "never").timer().count()).isEqualTo(1000);
		assertThat(this.registry.find("method.tracked.result.size").tag("method", "half").summary().count())
			.isBetween(350L, 650L);
		assertThat(this.registry.find("method.tracked.result.size").tag("method", "never").summary()).isNull();
		assertThat(this.registry.find("method.tracked.unsampled").meters()).isEmpty();
	}

	@Test
	void slowCallIsCountedPublishedAndLoggedAtALimitedRate(CapturedOutput output) {
		Orders orders = proxy(new Orders(this.clock));
		orders.slow(Duration.ofMillis(300), "secret-card-number");
		orders.slow(Duration.ofMillis(100), "secret-card-number");
		orders.slow(Duration.ofMillis(400), "secret-card-number");
		assertThat(this.registry.find("method.tracked.slow").tag("method", "slow").counter().count()).isEqualTo(2);
		assertThat(this.events).hasSize(2).first().isInstanceOfSatisfying(SlowCallEvent.class, (event) -> {
			assertThat(event.className()).isEqualTo(Orders.class.getName());
			assertThat(event.methodName()).isEqualTo("slow");
			assertThat(event.duration()).isEqualTo(Duration.ofMillis(300));
			assertThat(event.threshold()).isEqualTo(Duration.ofMillis(250));
		});
		assertThat(output).containsOnlyOnce("Slow call: " + Orders.class.getName() + ".slow took 300 ms")
			.doesNotContain("took 400 ms")
			.doesNotContain("secret-card-number");
		this.clock.add(Duration.ofMinutes(2));
		orders.slow(Duration.ofMillis(500), "secret-card-number");
		assertThat(output).contains("took 500 ms (threshold 250 ms); 1 further slow calls not logged");
	}

	@Test
	void slowCallLogShowsArgumentsOnlyWhenEnabled(CapturedOutput output) {
		this.tracker = tracker(new TrackingSettings(Duration.ofMinutes(1), true, 20, false), null);
		Orders orders = proxy(new Orders(this.clock));
		orders.slow(Duration.ofMillis(300), "order-17");
		assertThat(output).contains("with arguments [PT0.3S, order-17]");
	}

	@Test
	void cpuAndAllocationOfTheCallingThreadAreRecorded() {
		Heavy heavy = proxy(new Heavy());
		assertThat(heavy.allocate(2_000_000)).hasSize(2_000_000);
		DistributionSummary allocated = this.registry.find("heavy.allocated").summary();
		Timer cpu = this.registry.find("heavy.cpu").timer();
		if (this.tracker.usage().isAllocationSupported()) {
			assertThat(allocated.count()).isEqualTo(1);
			assertThat(allocated.totalAmount()).isGreaterThanOrEqualTo(2_000_000);
			assertThat(allocated.getId().getBaseUnit()).isEqualTo("bytes");
		}
		else {
			assertThat(allocated).isNull();
		}
		if (this.tracker.usage().isCpuTimeSupported()) {
			assertThat(cpu.count()).isEqualTo(1);
		}
		else {
			assertThat(cpu).isNull();
		}
	}

	@Test
	void resultSizeIsRecordedWhenAsked() {
		Heavy heavy = proxy(new Heavy());
		heavy.names();
		heavy.allocate(10);
		DistributionSummary sizes = this.registry.find("heavy.result.size").tag("method", "names").summary();
		assertThat(sizes.count()).isEqualTo(1);
		assertThat(sizes.totalAmount()).isEqualTo(3);
		assertThat(this.registry.find("heavy.result.size").tag("method", "allocate").summary().totalAmount())
			.isEqualTo(10);
	}

	@Test
	void optedInArgumentsAreTagsWithBoundedValues() {
		this.tracker = tracker(new TrackingSettings(Duration.ofMinutes(1), false, 2, false), null);
		Orders orders = proxy(new Orders(this.clock));
		orders.ship("eu", "4242-card");
		orders.ship("us", "4343-card");
		orders.ship("apac", "4444-card");
		orders.ship("eu", "4545-card");
		assertThat(this.registry.find("method.tracked").tag("region", "eu").timer().count()).isEqualTo(2);
		assertThat(this.registry.find("method.tracked").tag("region", "us").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("method.tracked").tag("region", "other").timer().count()).isEqualTo(1);
		assertThat(this.registry.getMeters()).flatExtracting((meter) -> meter.getId().getTags())
			.extracting(Tag::getValue)
			.noneMatch((value) -> value.contains("card"));
	}

	@Test
	void failingRegistryNeverBreaksTheCall() {
		SimpleMeterRegistry failing = new SimpleMeterRegistry(SimpleConfig.DEFAULT, this.clock) {
			@Override
			protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
				throw new IllegalStateException("registry down");
			}
		};
		this.tracker = new MethodTracker(failing);
		Orders orders = proxy(new Orders(this.clock));
		assertThat(orders.place("pen")).isEqualTo("placed pen");
		IllegalStateException thrown = new IllegalStateException("sold out");
		assertThatIllegalStateException().isThrownBy(() -> orders.fail(thrown)).isSameAs(thrown);
		assertThat(this.tracker.getFailures()).isEqualTo(2);
	}

	@Test
	void throwingTagsProviderIsCountedAndTheMethodTrackedWithoutItsTags() {
		this.tracker = tracker(TrackingSettings.defaults(), (type, method) -> {
			throw new IllegalStateException("no tags today");
		});
		Orders orders = proxy(new Orders(this.clock));
		orders.place("pen");
		orders.place("ink");
		assertThat(timer("method.tracked", "place", "success").count()).isEqualTo(2);
		assertThat(this.tracker.getFailures()).isEqualTo(1);
	}

	@Test
	void tagsProviderAddsTagsOncePerMethod() {
		List<String> asked = new ArrayList<>();
		this.tracker = tracker(TrackingSettings.defaults(), (type, method) -> {
			asked.add(method.getName());
			return List.of(Tag.of("team", "payments"));
		});
		Orders orders = proxy(new Orders(this.clock));
		orders.place("pen");
		orders.place("ink");
		assertThat(timer("method.tracked", "place", "success").getId().getTag("team")).isEqualTo("payments");
		assertThat(asked).containsExactly("place");
	}

	@Test
	void malformedAnnotationIsCountedAndTheRestStillApplies(CapturedOutput output) {
		Broken broken = proxy(new Broken());
		assertThat(broken.run()).isEqualTo("ran");
		Timer timer = this.registry.find("broken").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.getId().getTag("good")).isEqualTo("yes");
		assertThat(this.tracker.getFailures()).isEqualTo(3);
		assertThat(output).contains("Ignoring part of @Tracked on " + Broken.class.getName() + ".run");
	}

	@Test
	void aspectAndAdvisorAreOrderedWithAnOverridableDefault() {
		assertThat(new TrackedAspect(this.tracker).getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 100);
		assertThat(new TrackedAspect(this.tracker, 7).getOrder()).isEqualTo(7);
		assertThat(new TrackedAdvisor(this.tracker).getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 100);
		assertThat(new TrackedAdvisor(() -> this.tracker, 7).getOrder()).isEqualTo(7);
	}

	@Test
	void advisorLeavesObjectMethodsAndUntrackedClassesAlone() {
		Catalog catalog = proxy(new Catalog());
		catalog.toString();
		catalog.hashCode();
		assertThat(this.registry.getMeters()).isEmpty();
		assertThat(new TrackedAdvisor(this.tracker).getPointcut().getMethodMatcher().isRuntime()).isFalse();
		assertThat(org.springframework.aop.support.AopUtils.canApply(new TrackedAdvisor(this.tracker), String.class))
			.isFalse();
	}

	@Test
	void sameMethodOnTwoTargetClassesKeepsItsOwnClassTag() {
		Base first = proxy(new FirstChild());
		Base second = proxy(new SecondChild());
		first.work();
		second.work();
		second.work();
		assertThat(this.registry.find("base").tag("class", FirstChild.class.getName()).timer().count()).isEqualTo(1);
		assertThat(this.registry.find("base").tag("class", SecondChild.class.getName()).timer().count())
			.isEqualTo(2);
	}

	static class Orders {

		private final MockClock clock;

		Orders(MockClock clock) {
			this.clock = clock;
		}

		@Tracked(extraTags = "channel=web")
		public String place(String item) {
			this.clock.add(Duration.ofMillis(120));
			return "placed " + item;
		}

		@Tracked
		public String fail(RuntimeException ex) {
			throw ex;
		}

		@Tracked(threshold = "250ms")
		public void slow(Duration duration, String card) {
			this.clock.add(duration);
		}

		@Tracked(includeArgs = true)
		public void ship(@TrackedTag("region") String region, String card) {
		}

		public int untracked() {
			return 42;
		}

	}

	@Tracked("catalog.calls")
	static class Catalog {

		public List<String> list() {
			return List.of();
		}

		@Tracked("catalog.find")
		public String find() {
			return "";
		}

		String internal() {
			return "";
		}

	}

	interface Greeter {

		@Tracked("greetings")
		String greet(String name);

		void untracked();

	}

	static class PoliteGreeter implements Greeter {

		@Override
		public String greet(String name) {
			return "Hello, " + name;
		}

		@Override
		public void untracked() {
		}

	}

	@Tracked("repository")
	interface Repository {

		String load();

	}

	static class MemoryRepository implements Repository {

		@Override
		public String load() {
			return "row";
		}

	}

	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Tracked("audit.calls")
	@interface Audited {

		@AliasFor(annotation = Tracked.class)
		String threshold() default "";

	}

	@Audited
	static class Ledger {

		private final MockClock clock;

		Ledger(MockClock clock) {
			this.clock = clock;
		}

		@Audited(threshold = "1s")
		public void post() {
			this.clock.add(Duration.ofSeconds(2));
		}

		public void close() {
		}

	}

	static class Async {

		@Tracked
		public CompletionStage<String> later(CompletableFuture<String> source) {
			return source;
		}

		@Tracked
		public Mono<String> mono(MockClock clock) {
			return Mono.fromCallable(() -> {
				clock.add(Duration.ofMillis(40));
				return "mono";
			});
		}

		@Tracked
		public Mono<String> failingMono() {
			return Mono.error(new IllegalStateException("no quote"));
		}

		@Tracked
		public Flux<Integer> flux(boolean fail) {
			return fail ? Flux.error(new IllegalStateException("broken stream")) : Flux.just(1, 2, 3);
		}

	}

	static class Sampled {

		@Tracked(sampleRate = 0.5, includeResult = true)
		public String half() {
			return "half";
		}

		@Tracked(sampleRate = 0, includeResult = true)
		public String never() {
			return "never";
		}

	}

	static class Heavy {

		@Tracked(value = "heavy", trackCpu = true, trackMemory = true, includeResult = true)
		public byte[] allocate(int size) {
			return new byte[size];
		}

		@Tracked(value = "heavy", includeResult = true)
		public List<String> names() {
			return List.of("a", "b", "c");
		}

	}

	static class Broken {

		@Tracked(value = "broken", threshold = "fast", extraTags = { "novalue", "good=yes" }, sampleRate = 2)
		public String run() {
			return "ran";
		}

	}

	@Tracked("base")
	abstract static class Base {

		public void work() {
		}

	}

	static class FirstChild extends Base {

	}

	static class SecondChild extends Base {

	}

}
