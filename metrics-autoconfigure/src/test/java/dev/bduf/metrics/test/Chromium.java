package dev.bduf.metrics.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real headless Chromium for browser tests, driven by Selenium through Debian's
 * {@code chromium} and {@code chromium-driver} ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}, or {@code BDUF_CHROMIUM} and {@code BDUF_CHROMEDRIVER}).
 * <p>
 * When either is missing the calling test is skipped with a message naming the packages,
 * or fails when {@value ExternalTools#REQUIRE_VARIABLE} is {@code true} (as in CI). The
 * system property {@value #SKIP_PROPERTY}{@code =true} turns browser tests off on purpose
 * (for extra CI lines that need not repeat them). Each browser gets a fresh profile
 * directory, loads nothing from the network on its own (no sync, component updates or
 * background requests), and keeps the page's console for {@link #consoleErrors}.
 */
public final class Chromium implements AutoCloseable {

	/** System property that skips browser tests on purpose. */
	public static final String SKIP_PROPERTY = "bduf.skip-browser-tests";

	private static final String PACKAGES = "Debian packages chromium and chromium-driver";

	private final ChromeDriver driver;

	private final Path profile;

	private Chromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/**
	 * Start a headless Chromium, or skip (or fail, see the class javadoc) the calling
	 * test when it cannot run here.
	 * @param width window width in pixels
	 * @param height window height in pixels
	 * @return the running browser
	 */
	public static Chromium start(int width, int height) {
		Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "browser tests skipped (-D" + SKIP_PROPERTY + "=true)");
		Path browser = require("BDUF_CHROMIUM", "/usr/bin/chromium");
		Path chromedriver = require("BDUF_CHROMEDRIVER", "/usr/bin/chromedriver");
		Path profile;
		try {
			profile = Files.createTempDirectory("bduf-chromium-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a Chromium profile directory", ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(browser.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
				"--window-size=" + width + "," + height, "--user-data-dir=" + profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(60))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
		return new Chromium(driver, profile);
	}

	private static Path require(String variable, String fallback) {
		String configured = System.getenv(variable);
		Path path = Path.of((configured != null && !configured.isBlank()) ? configured : fallback);
		if (!Files.isExecutable(path)) {
			String message = path + " not found: install the " + PACKAGES + " to run this test";
			if (Boolean.parseBoolean(System.getenv(ExternalTools.REQUIRE_VARIABLE))) {
				fail(message + " (" + ExternalTools.REQUIRE_VARIABLE + "=true)");
			}
			Assumptions.abort(message);
		}
		return path;
	}

	/**
	 * The Selenium driver.
	 * @return the driver
	 */
	public WebDriver driver() {
		return this.driver;
	}

	/**
	 * The console messages logged since the last call, as {@code LEVEL message}.
	 * @return every message
	 */
	public List<String> console() {
		List<String> messages = new ArrayList<>();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			messages.add(entry.getLevel() + " " + entry.getMessage());
		}
		return messages;
	}

	/**
	 * The errors among console messages: {@code SEVERE} entries (script errors, failed
	 * loads, Content-Security-Policy violations).
	 * @param console messages from {@link #console()}
	 * @return the errors
	 */
	public static List<String> consoleErrors(List<String> console) {
		return console.stream().filter((message) -> message.startsWith(Level.SEVERE.getName())).toList();
	}

	/**
	 * Run JavaScript in the page.
	 * @param script the script, whose {@code return} value is answered
	 * @param args the script's {@code arguments}
	 * @return what the script returned
	 */
	public Object script(String script, Object... args) {
		return this.driver.executeScript(script, args);
	}

	/**
	 * Save a screenshot of the window as a PNG.
	 * @param file where to write it; its directory is created
	 * @return the file
	 */
	public Path screenshot(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not save the screenshot " + file, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteQuietly(this.profile);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

}
