package dev.bduf.metrics.dashboard;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.Resource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DashboardEndpoint} as a plain object.
 */
class DashboardEndpointTests {

	private final DashboardEndpoint endpoint = new DashboardEndpoint();

	@Test
	void pageIsHtml() throws IOException {
		WebEndpointResponse<Resource> page = this.endpoint.page();
		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(page.getContentType()).hasToString("text/html;charset=UTF-8");
		assertThat(page.getBody().getContentAsString(StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>");
	}

	@Test
	void filesHaveTheirContentTypes() {
		assertThat(this.endpoint.file("dashboard.js").getContentType()).hasToString("text/javascript;charset=UTF-8");
		assertThat(this.endpoint.file("dashboard.css").getContentType()).hasToString("text/css;charset=UTF-8");
		assertThat(this.endpoint.file("favicon.svg").getContentType()).hasToString("image/svg+xml");
		assertThat(this.endpoint.file("chart.umd.js").getContentType()).hasToString("text/javascript;charset=UTF-8");
		assertThat(this.endpoint.file("index.html").getContentType()).hasToString("text/html;charset=UTF-8");
	}

	@Test
	void nothingOutsideItsOwnFilesIsServed() {
		for (String file : new String[] { "missing.js", "../application.properties",
				"META-INF/bduf-metrics/dashboard/dashboard.js", "chart.js", "" }) {
			WebEndpointResponse<Resource> response = this.endpoint.file(file);
			assertThat(response.getStatus()).as(file).isEqualTo(404);
			assertThat(response.getBody()).as(file).isNull();
		}
	}

	@Test
	void findsChartJsByItsMetadataOrElseByPattern(@TempDir Path jar) throws IOException {
		Path bundle = jar.resolve("META-INF/resources/webjars/chartjs/9.9.9/dist/chart.umd.js");
		Files.createDirectories(bundle.getParent());
		Files.writeString(bundle, "/* Chart.js v9.9.9 */");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			// no Maven metadata: found by pattern
			assertThat(new DashboardEndpoint(loader).file("chart.umd.js").getBody().getContentAsString(
					StandardCharsets.UTF_8)).contains("v9.9.9");
		}
		Path metadata = jar.resolve(DashboardAssets.CHART_JS_METADATA);
		Files.createDirectories(metadata.getParent());
		Files.writeString(metadata, "version=9.9.9\n");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			assertThat(new DashboardEndpoint(loader).file("chart.umd.js").getStatus()).isEqualTo(200);
		}
	}

	@Test
	void withoutTheChartJsWebJarThePageStillServesItsOwnFiles(@TempDir Path empty) throws IOException {
		// a class loader that sees only the dashboard's own files, not the WebJar
		Path own = empty.resolve(DashboardAssets.LOCATION);
		Files.createDirectories(own);
		Files.writeString(own.resolve("index.html"), "<!DOCTYPE html><title>t</title>");
		Files.writeString(own.resolve("dashboard.js"), "'use strict';");
		try (URLClassLoader loader = new URLClassLoader(new URL[] { empty.toUri().toURL() }, null)) {
			DashboardEndpoint endpoint = new DashboardEndpoint(loader);
			assertThat(endpoint.page().getStatus()).isEqualTo(200);
			assertThat(endpoint.file("dashboard.js").getStatus()).isEqualTo(200);
			assertThat(endpoint.file("chart.umd.js").getStatus()).isEqualTo(404);
			assertThat(endpoint.file("dashboard.css").getStatus()).isEqualTo(404);
		}
	}

}
