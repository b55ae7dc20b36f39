package dev.bduf.metrics.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the read-through {@code prometheus} storage backend
 * ({@code bduf.metrics.storage.type=prometheus}).
 */
@ConfigurationProperties("bduf.metrics.storage.prometheus")
public class PrometheusStorageProperties {

	/**
	 * Base URL of the Prometheus-compatible HTTP query API (Prometheus, Thanos Query,
	 * Mimir, VictoriaMetrics), without "/api/v1", for example http://prometheus:9090.
	 * Required when the storage type is prometheus.
	 */
	private @Nullable URI url;

	/**
	 * How long one request to the server may take, connecting included.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	/**
	 * Headers sent with every request, for example a tenant header (X-Scope-OrgID) or an
	 * Authorization header.
	 */
	private Map<String, String> headers = new LinkedHashMap<>();

	/**
	 * Whether queries are limited to the series of this application's service tag (as a
	 * Redis storage is shared by the instances of one service).
	 */
	private boolean sameService = true;

	public @Nullable URI getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable URI url) {
		this.url = url;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Map<String, String> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Map<String, String> headers) {
		this.headers = headers;
	}

	public boolean isSameService() {
		return this.sameService;
	}

	public void setSameService(boolean sameService) {
		this.sameService = sameService;
	}

}
