package dev.bduf.metrics.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bduf.metrics.test.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium, against {@link DashboardDemoApplication}
 * running on a random port: the page loads without console errors, the live chart gains
 * points, switching the range reloads the history, a firing alert appears, and hostile
 * tag values render as text. Screenshots go to {@code target/screenshots/}.
 * <p>
 * Skipped without Chromium (failing instead when {@code BDUF_REQUIRE_EXTERNAL_TOOLS=true}),
 * and on purpose with {@code -Dbduf.skip-browser-tests=true}.
 */
class DashboardBrowserTests {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Chromium browser;

	private static ConfigurableApplicationContext app;

	private static String base;

	@BeforeAll
	static void start() throws Exception {
		browser = Chromium.start(1280, 2600);
		app = new SpringApplicationBuilder(DashboardDemoApplication.class).properties("server.port=0")
			.properties(DashboardDemoApplication.PROPERTIES)
			.run();
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
		// history has the demo's meters once its first steps are taken
		await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
			.until(() -> get("/actuator/timeseries").contains("orders.placed"));
		browser.driver().get(base + "/actuator/dashboard?meter=orders.placed&history=orders.placed");
	}

	@AfterAll
	static void stop() {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (app != null) {
				app.close();
			}
		}
	}

	@Test
	void loadsWithoutConsoleErrors() {
		awaitState("collector", "loaded");
		awaitState("business", "loaded");
		awaitState("history", "loaded");
		List<String> console = browser.console();
		browser.screenshot(SCREENSHOTS.resolve("dashboard.png"));
		assertThat(Chromium.consoleErrors(console)).as("console: %s", console).isEmpty();
		assertThat(text("#collector-status")).contains("Collector UP");
		assertThat(text("#health")).contains("application UP", "collector UP");
		assertThat(text("#roi")).contains("ROI", "EUR");
		assertThat(browser.script("return typeof window.Chart")).isEqualTo("function");
	}

	@Test
	void liveChartGainsPoints() {
		await().atMost(WAIT).until(() -> points("#live") > 0);
		int first = points("#live");
		// a point per series each second: a few seconds more give several more points
		await().atMost(WAIT).until(() -> points("#live") >= first + 8);
		assertThat(attribute("#live", "data-state")).isEqualTo("streaming");
		assertThat(text("#live-status")).startsWith("orders.placed:");
		assertThat(text("#live-table")).contains("region=eu", DashboardDemoApplication.HOSTILE_SCRIPT);
		browser.screenshot(SCREENSHOTS.resolve("dashboard-live.png"));
	}

	@Test
	void firingAlertAppears() {
		await().atMost(WAIT).until(() -> Integer.parseInt(attribute("#alerts", "data-firing")) > 0);
		String table = text("#alerts-table");
		assertThat(table).contains("FIRING", "orders-surge", "orders.placed");
		assertThat(text("#alerts-status")).containsPattern("[1-9][0-9]* firing");
		browser.screenshot(SCREENSHOTS.resolve("dashboard-alerts.png"));
	}

	@Test
	void switchingTheRangeReloadsHistory() {
		awaitState("history", "loaded");
		int loads = Integer.parseInt(attribute("#history", "data-loads"));
		assertThat(attribute("#history", "data-range")).isEqualTo("1h");
		new Select(find("#history-range")).selectByValue("15m");
		await().atMost(WAIT).until(() -> "15m".equals(attribute("#history", "data-range"))
				&& Integer.parseInt(attribute("#history", "data-loads")) > loads);
		assertThat(Integer.parseInt(attribute("#history", "data-points"))).isPositive();
		assertThat(text("#history-status")).contains("orders.placed", "over 15m");
		new Select(find("#history-stat")).selectByValue("rate");
		await().atMost(WAIT).until(() -> "rate".equals(attribute("#history", "data-stat")));
		assertThat(text("#history-status")).contains("rate over 15m");
		browser.screenshot(SCREENSHOTS.resolve("dashboard-history-15m.png"));
	}

	@Test
	void hostileTagValuesRenderAsText() {
		awaitState("business", "loaded");
		await().atMost(WAIT).until(() -> text("#business-table").contains(DashboardDemoApplication.HOSTILE_IMAGE));
		// shown as text, never parsed: no element was made from it and its handler never ran
		assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
		assertThat(browser.script("return document.querySelectorAll('main img, main script').length")).isEqualTo(0L);
		assertThat(browser.script("return document.scripts.length")).isEqualTo(2L);
		browser.screenshot(SCREENSHOTS.resolve("dashboard-hostile-tags.png"));
	}

	@Test
	void eachPartSaysWhenItsEndpointIsNotExposed() {
		ConfigurableApplicationContext alone = new SpringApplicationBuilder(DashboardDemoApplication.class)
			.properties("server.port=0")
			.properties(DashboardDemoApplication.PROPERTIES)
			.properties("management.endpoints.web.exposure.include=dashboard")
			.run();
		try {
			int port = ((WebServerApplicationContext) alone).getWebServer().getPort();
			browser.driver().get("http://127.0.0.1:" + port + "/actuator/dashboard");
			for (String section : List.of("live", "history", "alerts", "business", "collector")) {
				awaitState(section, "unavailable");
				assertThat(text("#" + section + "-status")).as(section)
					.contains("is not exposed", "management.endpoints.web.exposure.include");
			}
			assertThat(text("#health")).contains("not exposed");
			// the actuator's links told the page what is exposed: it asked for nothing that is not
			List<String> console = browser.console();
			assertThat(Chromium.consoleErrors(console)).as("console: %s", console).isEmpty();
			browser.screenshot(SCREENSHOTS.resolve("dashboard-nothing-exposed.png"));
		}
		finally {
			browser.driver().get(base + "/actuator/dashboard?meter=orders.placed&history=orders.placed");
			alone.close();
		}
	}

	private static int points(String css) {
		return Integer.parseInt(attribute(css, "data-points"));
	}

	private static void awaitState(String section, String state) {
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> state.equals(attribute("#" + section, "data-state")));
	}

	private static WebElement find(String css) {
		return browser.driver().findElement(By.cssSelector(css));
	}

	private static String attribute(String css, String name) {
		return find(css).getDomAttribute(name);
	}

	private static String text(String css) {
		return find(css).getText();
	}

	private static String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
		return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

}
