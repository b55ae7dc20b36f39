package dev.bduf.metrics.aot;

import java.util.List;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.business.BusinessReport;
import dev.bduf.metrics.business.RoiReport;
import dev.bduf.metrics.business.UsageAnalytics;
import dev.bduf.metrics.endpoint.TimeseriesEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * The runtime hints of the starter, for an application processed by Spring AOT (a GraalVM
 * native image in particular):
 * <ul>
 * <li>resources under {@value #DASHBOARD_RESOURCES}, the files the {@code dashboard}
 * endpoint serves, and Chart.js from its WebJar;</li>
 * <li>binding reflection (Jackson serialisation) on the bodies that the
 * {@code timeseries} and {@code business} endpoints answer with. Their operations
 * declare {@code WebEndpointResponse<Object>} (one operation answers a report or a 400
 * body), so Spring Boot's own operation hints cannot see these types; the endpoints
 * whose operations declare their body type ({@code collector}, {@code performance}) are
 * covered by Boot.</li>
 * </ul>
 * The types that {@code @BusinessMetric} expressions read and the methods that
 * {@code @Tracked} finds come from the application's beans:
 * {@link MetricsBeanRegistrationAotProcessor} registers those.
 */
public class MetricsRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Where the dashboard's files live on the class path.
	 */
	public static final String DASHBOARD_RESOURCES = "META-INF/bduf-metrics/dashboard/**";

	/**
	 * Chart.js in its WebJar, and the WebJar's Maven metadata the dashboard finds its
	 * version by.
	 */
	static final List<String> CHART_JS_RESOURCES = List.of("META-INF/resources/webjars/chartjs/*/dist/chart.umd.js",
			"META-INF/maven/org.webjars/chartjs/pom.properties");

	/**
	 * The report types that endpoints answer with and Boot's operation hints do not see.
	 */
	static final List<Class<?>> REPORT_TYPES = List.of(AggregatedMetrics.class, BusinessReport.class,
			RoiReport.class, UsageAnalytics.class);

	private static final String ACTUATOR_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(DASHBOARD_RESOURCES);
		CHART_JS_RESOURCES.forEach(hints.resources()::registerPattern);
		this.bindings.registerReflectionHints(hints.reflection(), REPORT_TYPES.toArray(Class<?>[]::new));
		if (ClassUtils.isPresent(ACTUATOR_BODY, classLoader)) {
			this.bindings.registerReflectionHints(hints.reflection(), EndpointBodies.TYPES.toArray(Class<?>[]::new));
		}
	}

	/**
	 * The endpoints' own bodies, loaded only with the actuator on the class path.
	 */
	static final class EndpointBodies {

		static final List<Class<?>> TYPES = List.of(TimeseriesEndpoint.TimeseriesNames.class,
				TimeseriesEndpoint.TimeseriesError.class);

		private EndpointBodies() {
		}

	}

}
