package dev.bduf.metrics.aot;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.business.BusinessReport;
import dev.bduf.metrics.business.RoiReport;
import dev.bduf.metrics.business.UsageAnalytics;
import dev.bduf.metrics.endpoint.TimeseriesEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hint {@link MetricsRuntimeHints} gives, checked with Spring's
 * {@link RuntimeHintsPredicates}, and its registration in {@code aot.factories}.
 */
class MetricsRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	MetricsRuntimeHintsTests() {
		new MetricsRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void isRegisteredInAotFactories() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(MetricsRuntimeHints.class);
	}

	@Test
	void dashboardFilesAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/bduf-metrics/dashboard/index.html"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/bduf-metrics/dashboard/js/charts.js"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/other/index.html")).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("META-INF/resources/webjars/chartjs/4.4.3/dist/chart.umd.js")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/maven/org.webjars/chartjs/pom.properties"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/resources/webjars/other/1/x.js"))
			.rejects(this.hints);
	}

	@Test
	void endpointBodiesCanBeSerialised() {
		List<Class<?>> bodies = List.of(AggregatedMetrics.class, AggregatedMetrics.Series.class, BusinessReport.class,
				BusinessReport.MetricLine.class, RoiReport.class, RoiReport.Line.class, UsageAnalytics.class,
				TimeseriesEndpoint.TimeseriesNames.class, TimeseriesEndpoint.TimeseriesError.class);
		for (Class<?> body : bodies) {
			assertThat(RuntimeHintsPredicates.reflection().onType(body)).as(body.getName()).accepts(this.hints);
			for (RecordComponent component : body.getRecordComponents()) {
				assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
					.as(body.getSimpleName() + "." + component.getName())
					.accepts(this.hints);
			}
		}
	}

	@Test
	void everyRegisteredTypeIsOneOfOurs() {
		List<String> types = new ArrayList<>();
		this.hints.reflection().typeHints().forEach((hint) -> types.add(hint.getType().getName()));
		assertThat(types).isNotEmpty()
			.allSatisfy((name) -> assertThat(name).matches("(dev\\.bduf\\.metrics\\.|java\\.).*"));
	}

}
