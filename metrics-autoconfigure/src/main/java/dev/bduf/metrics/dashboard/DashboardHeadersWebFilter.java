package dev.bduf.metrics.dashboard;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The {@link DashboardHeadersFilter}'s headers on WebFlux: the same
 * {@code Content-Security-Policy} and {@code X-Content-Type-Options} on the responses of
 * the dashboard's paths.
 */
public final class DashboardHeadersWebFilter implements WebFilter {

	private final String path;

	/**
	 * A filter for the dashboard at a path.
	 * @param path the dashboard's path below the context path, such as
	 * {@code /actuator/dashboard}
	 */
	public DashboardHeadersWebFilter(String path) {
		this.path = DashboardHeadersFilter.normalize(path);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (DashboardHeadersFilter.matches(this.path,
				exchange.getRequest().getPath().pathWithinApplication().value())) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", DashboardHeadersFilter.CONTENT_SECURITY_POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
		}
		return chain.filter(exchange);
	}

}
