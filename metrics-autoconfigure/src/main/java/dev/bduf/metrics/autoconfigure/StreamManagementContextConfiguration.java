package dev.bduf.metrics.autoconfigure;

import dev.bduf.metrics.stream.StreamHub;
import dev.bduf.metrics.stream.web.MetricStreamEndpoint;
import dev.bduf.metrics.stream.web.MetricStreamReactiveHandler;
import dev.bduf.metrics.stream.web.MetricStreamServletHandler;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SSE mappings of the {@code metricstream} endpoint, in the management context: the
 * application's own context when actuator shares the server port, the child context of
 * the management server otherwise (that is what a {@link ManagementContextConfiguration}
 * gives, the way Boot maps its own endpoints). A router function at the endpoint's path
 * (its base path and path mapping included), for Spring MVC and for WebFlux.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints",
		"tools.jackson.core.JsonGenerator" })
public final class StreamManagementContextConfiguration {

	static final EndpointId ID = EndpointId.of("metricstream");

	/**
	 * The endpoint's path, or {@code null} when it is not available or not exposed over
	 * the web (then nothing is mapped).
	 */
	static @Nullable String path(ObjectProvider<MetricStreamEndpoint> endpoint,
			ObjectProvider<PathMappedEndpoints> paths) {
		PathMappedEndpoints mapped = paths.getIfAvailable();
		return (endpoint.getIfAvailable() != null && mapped != null) ? mapped.getPath(ID) : null;
	}

	/**
	 * Spring MVC.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
	static class ServletConfiguration {

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> metricStreamServletRoutes(
				ObjectProvider<MetricStreamEndpoint> endpoint, ObjectProvider<PathMappedEndpoints> paths,
				ObjectProvider<StreamHub> hub) {
			String path = path(endpoint, paths);
			StreamHub streamHub = hub.getIfAvailable();
			return (path != null && streamHub != null) ? new MetricStreamServletHandler(streamHub).routes(path)
					: (request) -> java.util.Optional.empty();
		}

	}

	/**
	 * WebFlux.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = { "org.springframework.web.reactive.function.server.RouterFunction",
			"reactor.core.publisher.Flux" })
	static class ReactiveConfiguration {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> metricStreamReactiveRoutes(
				ObjectProvider<MetricStreamEndpoint> endpoint, ObjectProvider<PathMappedEndpoints> paths,
				ObjectProvider<StreamHub> hub) {
			String path = path(endpoint, paths);
			StreamHub streamHub = hub.getIfAvailable();
			return (path != null && streamHub != null) ? new MetricStreamReactiveHandler(streamHub).routes(path)
					: (request) -> reactor.core.publisher.Mono.empty();
		}

	}

}
