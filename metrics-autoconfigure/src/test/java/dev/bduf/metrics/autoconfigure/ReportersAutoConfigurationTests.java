package dev.bduf.metrics.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.endpoint.CollectorEndpoint;
import dev.bduf.metrics.endpoint.MetricsCollectorHealthIndicator;
import dev.bduf.metrics.history.HistoryRecorder;
import dev.bduf.metrics.history.StepSnapshot;
import dev.bduf.metrics.report.ConsoleReporter;
import dev.bduf.metrics.report.JsonReporter;
import dev.bduf.metrics.report.JsonSnapshotFormat;
import dev.bduf.metrics.report.MetricMetadata;
import dev.bduf.metrics.report.MetricsReporter;
import dev.bduf.metrics.report.ReporterDispatcher;
import dev.bduf.metrics.report.ReporterStatus;
import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReportersAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsCollectorAutoConfiguration.class,
				HistoryAutoConfiguration.class, ReportersAutoConfiguration.class))
		.withPropertyValues("bduf.metrics.instance-id=web-01-0", "management.endpoints.web.exposure.include=*")
		.withBean(MockClock.class, MockClock::new);

	@Test
	void theDispatcherAndMetadataAreOnByDefaultAndNoReporter() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReporterDispatcher.class)
				.doesNotHaveBean(JsonReporter.class)
				.doesNotHaveBean(ConsoleReporter.class);
			MetricMetadata metadata = context.getBean(MetricMetadata.class);
			assertThat(metadata.instanceId()).isEqualTo("web-01-0");
			assertThat(metadata.processId()).isEqualTo(ProcessHandle.current().pid());
			assertThat(metadata.javaVersion()).isEqualTo(System.getProperty("java.version"));
			assertThat(metadata.osName()).isEqualTo(System.getProperty("os.name"));
			assertThat(metadata.osArch()).isEqualTo(System.getProperty("os.arch"));
			assertThat(metadata.collectorVersion()).isNotBlank();

			context.getBean(MetricsCollector.class).increment("orders");
			context.getBean(MockClock.class).add(Duration.ofSeconds(10));
			StepSnapshot step = context.getBean(HistoryRecorder.class).recordStep();
			ReporterDispatcher dispatcher = context.getBean(ReporterDispatcher.class);
			assertThat(dispatcher.latest()).isEqualTo(step);
			assertThat(new JsonSnapshotFormat().read(dispatcher.latestDocument()).snapshot()).isEqualTo(step);
		});
	}

	@Test
	void reporterBeansReceiveTheStepsOnTheirOwnThread() {
		List<String> threads = new CopyOnWriteArrayList<>();
		this.runner.withBean("mine", MetricsReporter.class, () -> new MetricsReporter() {
			@Override
			public String name() {
				return "mine";
			}

			@Override
			public void report(StepSnapshot snapshot) {
				threads.add(Thread.currentThread().getName());
			}
		}).run((context) -> {
			context.getBean(MetricsCollector.class).increment("orders");
			context.getBean(MockClock.class).add(Duration.ofSeconds(10));
			context.getBean(HistoryRecorder.class).recordStep();
			await().atMost(Duration.ofSeconds(30)).until(() -> threads.size() == 1);
			assertThat(threads).containsExactly("bduf-reporter-mine");
			assertThat(context.getBean(ReporterDispatcher.class).statuses()).extracting(ReporterStatus::name)
				.containsExactly("mine");
			CollectorEndpoint.CollectorDescriptor descriptor = context.getBean(CollectorEndpoint.class).collector();
			assertThat(descriptor.metadata()).isEqualTo(context.getBean(MetricMetadata.class));
			assertThat(descriptor.reporters()).extracting(ReporterStatus::name).containsExactly("mine");
			Health health = context.getBean(MetricsCollectorHealthIndicator.class).health();
			assertThat(health.getDetails()).containsKey("reporters");
		});
	}

	@Test
	void theJsonReporterWritesEveryStepToItsFile(@TempDir Path directory) {
		Path file = directory.resolve("steps.jsonl");
		this.runner.withPropertyValues("bduf.metrics.reporters.json.enabled=true",
				"bduf.metrics.reporters.json.file=" + file).run((context) -> {
					assertThat(context).hasSingleBean(JsonReporter.class);
					context.getBean(MetricsCollector.class).increment("orders");
					MockClock clock = context.getBean(MockClock.class);
					HistoryRecorder recorder = context.getBean(HistoryRecorder.class);
					clock.add(Duration.ofSeconds(10));
					StepSnapshot first = recorder.recordStep();
					clock.add(Duration.ofSeconds(10));
					StepSnapshot second = recorder.recordStep();
					await().atMost(Duration.ofSeconds(30))
						.until(() -> Files.exists(file) && Files.readAllLines(file).size() == 2);
					JsonSnapshotFormat format = new JsonSnapshotFormat();
					assertThat(Files.readAllLines(file)).extracting((line) -> format.read(line).snapshot())
						.containsExactly(first, second);
				});
	}

	@Test
	void theJsonReporterNeedsAFileOrAUrl() {
		this.runner.withPropertyValues("bduf.metrics.reporters.json.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bduf.metrics.reporters.json.url")
				.hasMessageContaining("bduf.metrics.reporters.json.file");
		});
	}

	@Test
	void aBadJsonUrlOrQueueSizeFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("bduf.metrics.reporters.json.enabled=true",
					"bduf.metrics.reporters.json.url=ftp://example.org/")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bduf.metrics.reporters.json")
				.hasMessageContaining("http or https"));
		this.runner.withPropertyValues("bduf.metrics.reporters.queue-size=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bduf.metrics.reporters.queue-size"));
		this.runner
			.withPropertyValues("bduf.metrics.reporters.console.enabled=true", "bduf.metrics.reporters.console.top=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bduf.metrics.reporters.console.top"));
	}

	@Test
	void theJsonReporterPostsToAUrl() {
		this.runner
			.withPropertyValues("bduf.metrics.reporters.json.enabled=true",
					"bduf.metrics.reporters.json.url=http://127.0.0.1:9/ingest",
					"bduf.metrics.reporters.json.headers.Authorization=Bearer x")
			.run((context) -> assertThat(context).hasSingleBean(JsonReporter.class));
	}

	@Test
	void theConsoleReporterIsOffByDefaultAndOnByProperty() {
		this.runner
			.withPropertyValues("bduf.metrics.reporters.console.enabled=true",
					"bduf.metrics.reporters.console.resolution=raw", "management.metrics.tags.region=eu")
			.run((context) -> {
				assertThat(context).hasSingleBean(ConsoleReporter.class);
				assertThat(context.getBean(ReporterDispatcher.class).statuses()).extracting(ReporterStatus::name)
					.containsExactly("console");
			});
	}

	@Test
	void withoutJacksonThereIsNoJsonReporterNorDocument() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withPropertyValues("bduf.metrics.reporters.json.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JsonReporter.class);
				context.getBean(MockClock.class).add(Duration.ofSeconds(10));
				context.getBean(HistoryRecorder.class).recordStep();
				ReporterDispatcher dispatcher = context.getBean(ReporterDispatcher.class);
				assertThat(dispatcher.latest()).isNotNull();
				assertThat(dispatcher.latestDocument()).isNull();
			});
	}

	@Test
	void offWithTheHistoryAndBacksOffForTheUsersBeans() {
		this.runner.withPropertyValues("bduf.metrics.history.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReporterDispatcher.class));
		MetricMetadata mine = new MetricMetadata("9", "mine", 1, "17", "os", "arch");
		this.runner.withBean(MetricMetadata.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ReporterDispatcher.class).metadata()).isSameAs(mine));
	}

}
