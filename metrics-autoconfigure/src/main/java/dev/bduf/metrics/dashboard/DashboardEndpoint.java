package dev.bduf.metrics.dashboard;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.core.io.Resource;

/**
 * The {@code dashboard} endpoint: {@code GET /actuator/dashboard} is an HTML page with
 * live charts fed by {@code metricstream}, history charts from {@code timeseries}, the
 * alerts, the business report with its ROI and the collector's own health; each part
 * shows what its endpoint answers and says so when that endpoint is not exposed.
 * {@code GET /actuator/dashboard/{file}} serves the page's scripts, style sheet and
 * Chart.js (from its WebJar), all from the jar: the page needs no internet access and no
 * build step.
 * <p>
 * A web endpoint only (a page means nothing over JMX), exposed and secured like every
 * other endpoint: it is off the web until {@code management.endpoints.web.exposure.include}
 * names it. The page holds no inline script, and {@link DashboardHeadersFilter} sends a
 * {@code Content-Security-Policy} that forbids it.
 */
@WebEndpoint(id = "dashboard")
public class DashboardEndpoint {

	private final DashboardAssets assets;

	/**
	 * An endpoint serving the files this class's class loader finds.
	 */
	public DashboardEndpoint() {
		this(DashboardEndpoint.class.getClassLoader());
	}

	/**
	 * An endpoint serving the files a class loader finds.
	 * @param classLoader the class loader to read the files from
	 */
	public DashboardEndpoint(@Nullable ClassLoader classLoader) {
		this.assets = DashboardAssets.load(classLoader);
	}

	/**
	 * The dashboard page.
	 * @return the HTML page
	 */
	@ReadOperation(produces = "text/html")
	public WebEndpointResponse<Resource> page() {
		return file(DashboardAssets.PAGE);
	}

	/**
	 * One of the page's files.
	 * @param file the file's name, such as {@code dashboard.js}
	 * @return the file with its content type, or 404 for a name the dashboard does not
	 * have
	 */
	@ReadOperation(produces = { "text/javascript", "text/css", "image/svg+xml", "text/html" })
	public WebEndpointResponse<Resource> file(@Selector String file) {
		DashboardAssets.Asset asset = this.assets.find(file);
		if (asset == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(asset.resource(), WebEndpointResponse.STATUS_OK, asset.contentType());
	}

}
