package dev.bduf.metrics.tracking;

import java.util.List;

import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.autoconfigure.MetricsCollectorAutoConfiguration;
import dev.bduf.metrics.autoconfigure.TrackingAutoConfiguration;
import dev.bduf.metrics.collector.DefaultMetricsCollector;
import dev.bduf.metrics.collector.SeriesRegistrar;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracked methods that share a meter name with different tag keys, in an application
 * with a real Prometheus registry: both reach the scrape, under one key set, and the
 * tracked meters are the collector's (its rules and statistics apply to them).
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedTrackedNameTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, MetricsCollectorAutoConfiguration.class,
				TrackingAutoConfiguration.class))
		.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
		.withPropertyValues("bduf.metrics.service-name=shop", "bduf.metrics.default-tags.version.enabled=false",
				"bduf.metrics.default-tags.environment.enabled=false",
				"bduf.metrics.default-tags.instance-id.enabled=false")
		.withUserConfiguration(Services.class);

	@Test
	void methodsSharingTheDefaultNameWithOtherKeysAreBothScraped() {
		this.runner.run((context) -> {
			// the method with the extra tag is called first: its keys must not lock the other out
			context.getBean(Billing.class).charge();
			context.getBean(Catalog.class).list();
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			String scrape = registry.scrape();

			assertThat(scrape).containsPattern("method_tracked_seconds_count\\{class=\"[^\"]*Billing\",exception=\"none\","
					+ "method=\"charge\",outcome=\"success\",service=\"shop\",tier=\"gold\"} 1");
			assertThat(scrape).containsPattern("method_tracked_seconds_count\\{class=\"[^\"]*Catalog\",exception=\"none\","
					+ "method=\"list\",outcome=\"success\",service=\"shop\",tier=\"none\"} 1");
			List<Timer> timers = List.copyOf(registry.find("method.tracked").timers());
			assertThat(timers).hasSize(2)
				.allSatisfy((timer) -> assertThat(timer.getId().getTags()).extracting(Tag::getKey)
					.containsExactly("class", "exception", "method", "outcome", "service", "tier"));
			CollectorStats stats = context.getBean(MetricsCollector.class).getCollectorStats();
			assertThat(stats.seriesPerName()).containsEntry("method.tracked", 2);
			assertThat(stats.recorded()).isEqualTo(2);
			assertThat(stats.rejected()).isZero();
		});
	}

	@Test
	void aMethodDeclaredAfterTheKeysAreFixedIsCountedAndLoggedNamingBoth(CapturedOutput output) {
		this.runner.run((context) -> {
			context.getBean(Catalog.class).list();
			// a wrapper made at run time, after the name's keys were fixed, with a key outside them
			PerformanceTracker tracker = context.getBean(PerformanceTracker.class);
			Runnable late = tracker.trackRunnable("late", () -> {
			}, TrackingOptions.builder().tag("region", "eu").build());
			late.run();

			SeriesRegistrar registrar = context.getBean(SeriesRegistrar.class);
			assertThat(output).contains("function.late records 'method.tracked' with the tag keys [region]")
				.contains("were fixed by ");
			CollectorStats stats = context.getBean(MetricsCollector.class).getCollectorStats();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			if (registrar.requiresConsistentTagKeys()) {
				assertThat(stats.rejectedByReason()).containsEntry(RejectionReason.TAG_KEYS_MISMATCH, 1L);
				assertThat(registry.find("method.tracked").tag("method", "late").timer()).isNull();
			}
			else {
				assertThat(registry.find("method.tracked").tag("method", "late").timer().count()).isEqualTo(1);
			}
			assertThat(stats.attempted()).isEqualTo(2);
		});
	}

	@Test
	void trackedAndFacadeRecordingsShareTheCollectorsAccounting() {
		this.runner.run((context) -> {
			DefaultMetricsCollector collector = context.getBean(DefaultMetricsCollector.class);
			for (int i = 0; i < 5; i++) {
				context.getBean(Catalog.class).list();
				collector.increment("catalog.views");
			}
			CollectorStats stats = collector.getCollectorStats();
			assertThat(stats.recorded()).isEqualTo(10);
			assertThat(stats.names()).isGreaterThanOrEqualTo(2);
			assertThat(collector.getRegistrar().nameStats("method.tracked").tagKeys()).contains("tier", "class");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Services {

		@Bean
		Billing billing() {
			return new Billing();
		}

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	static class Billing {

		@Tracked(extraTags = "tier=gold")
		public String charge() {
			return "charged";
		}

	}

	@Tracked
	static class Catalog {

		public List<String> list() {
			return List.of("a");
		}

	}

}
