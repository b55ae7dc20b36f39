package dev.bduf.metrics.e2e;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bduf.metrics.dashboard.DashboardHeadersFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dashboard} endpoint through a real HTTP port: the page, its files with
 * their content types, the Content-Security-Policy header, and no dashboard unless it is
 * exposed.
 */
class DashboardEndToEndTests {

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-dashboard",
				"management.endpoints.web.exposure.include=dashboard,health,collector");
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void servesThePageWithAPolicyThatForbidsInlineScript() throws Exception {
		HttpResponse<String> page = app.get("/actuator/dashboard");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValue(DashboardHeadersFilter.CONTENT_SECURITY_POLICY);
		assertThat(DashboardHeadersFilter.CONTENT_SECURITY_POLICY).contains("script-src 'self';")
			.doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.body()).contains("<title>BDUF Metrics dashboard</title>", "src=\"dashboard/dashboard.js\"",
				"src=\"dashboard/chart.umd.js\"");
		// every script is a file of its own: no inline script, no inline handler
		Matcher script = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
		int scripts = 0;
		while (script.find()) {
			scripts++;
			assertThat(script.group(1)).contains("src=");
			assertThat(script.group(2)).isBlank();
		}
		assertThat(scripts).isEqualTo(2);
		assertThat(page.body()).doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("http://", "https://");
	}

	@Test
	void servesItsFilesWithTheirContentTypes() throws Exception {
		assertFile("/actuator/dashboard/dashboard.js", "text/javascript", "EventSource");
		assertFile("/actuator/dashboard/dashboard.css", "text/css", ".card");
		assertFile("/actuator/dashboard/favicon.svg", "image/svg+xml", "<svg");
		// Chart.js from its WebJar, served by the endpoint: no CDN
		assertFile("/actuator/dashboard/chart.umd.js", "text/javascript", "Chart.js v4");
		assertThat(app.get("/actuator/dashboard/nothing.js").statusCode()).isEqualTo(404);
		assertThat(app.get("/actuator/dashboard/..%2Fapplication.properties").statusCode()).isIn(400, 404);
	}

	@Test
	void otherEndpointsDoNotCarryTheDashboardPolicy() throws Exception {
		HttpResponse<String> health = app.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.headers().firstValue("Content-Security-Policy")).isEmpty();
	}

	@Test
	void isNotServedUnlessExposed() throws Exception {
		try (RunningApp plain = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-no-dashboard")) {
			assertThat(plain.get("/actuator/dashboard").statusCode()).isEqualTo(404);
			assertThat(plain.get("/actuator/dashboard/dashboard.js").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void carriesThePolicyOnASeparateManagementPort() throws Exception {
		try (RunningApp separate = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-mgmt",
				"management.server.port=0", "management.endpoints.web.exposure.include=dashboard")) {
			HttpResponse<String> page = separate.getManagement("/actuator/dashboard");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValue(DashboardHeadersFilter.CONTENT_SECURITY_POLICY);
		}
	}

	@Test
	void carriesThePolicyOnWebFlux() throws Exception {
		try (RunningApp reactive = new RunningApp(MinimalApplication.class, "spring.application.name=e2e-reactive",
				"spring.main.web-application-type=reactive", "management.endpoints.web.exposure.include=dashboard")) {
			HttpResponse<String> page = reactive.get("/actuator/dashboard");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValue(DashboardHeadersFilter.CONTENT_SECURITY_POLICY);
			HttpResponse<String> chart = reactive.get("/actuator/dashboard/chart.umd.js");
			assertThat(chart.statusCode()).isEqualTo(200);
			assertThat(chart.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
			assertThat(chart.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(reactive.get("/actuator/dashboard/nothing.js").statusCode()).isEqualTo(404);
		}
	}

	private static void assertFile(String path, String type, String content) throws Exception {
		HttpResponse<String> file = app.get(path);
		assertThat(file.statusCode()).as(path).isEqualTo(200);
		assertThat(file.headers().firstValue("Content-Type")).as(path)
			.hasValueSatisfying((value) -> assertThat(value).startsWith(type));
		assertThat(file.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
		assertThat(file.body()).as(path).contains(content);
	}

}
