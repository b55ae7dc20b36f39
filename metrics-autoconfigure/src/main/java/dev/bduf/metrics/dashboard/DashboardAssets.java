package dev.bduf.metrics.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.MimeType;

/**
 * The files of the dashboard: a fixed table from a file name to a classpath resource and
 * its content type. Nothing outside the table is ever served, so a request cannot reach
 * other classpath resources.
 */
final class DashboardAssets {

	/** Where the dashboard's own files are in the jar. */
	static final String LOCATION = "META-INF/bduf-metrics/dashboard/";

	/** Where the Chart.js WebJar keeps its UMD bundle, whatever its version. */
	static final String CHART_JS_PATTERN = "classpath*:META-INF/resources/webjars/chartjs/*/dist/chart.umd.js";

	/** The WebJar's Maven metadata, which names its version. */
	static final String CHART_JS_METADATA = "META-INF/maven/org.webjars/chartjs/pom.properties";

	static final String PAGE = "index.html";

	static final String CHART_JS = "chart.umd.js";

	static final MimeType HTML = MimeType.valueOf("text/html;charset=UTF-8");

	static final MimeType JAVASCRIPT = MimeType.valueOf("text/javascript;charset=UTF-8");

	static final MimeType CSS = MimeType.valueOf("text/css;charset=UTF-8");

	static final MimeType SVG = MimeType.valueOf("image/svg+xml");

	private final Map<String, Asset> assets;

	private DashboardAssets(Map<String, Asset> assets) {
		this.assets = Map.copyOf(assets);
	}

	/**
	 * The dashboard's files as the class loader finds them.
	 * @param classLoader the class loader to read them from
	 * @return the files; Chart.js is missing when its WebJar is not on the classpath
	 */
	static DashboardAssets load(@Nullable ClassLoader classLoader) {
		Map<String, Asset> assets = new LinkedHashMap<>();
		own(assets, classLoader, PAGE, HTML);
		own(assets, classLoader, "dashboard.js", JAVASCRIPT);
		own(assets, classLoader, "dashboard.css", CSS);
		own(assets, classLoader, "favicon.svg", SVG);
		Resource chart = chartJs(classLoader);
		if (chart != null) {
			assets.put(CHART_JS, new Asset(chart, JAVASCRIPT));
		}
		return new DashboardAssets(assets);
	}

	private static void own(Map<String, Asset> assets, @Nullable ClassLoader classLoader, String file,
			MimeType type) {
		ClassPathResource resource = new ClassPathResource(LOCATION + file, classLoader);
		if (resource.exists()) {
			assets.put(file, new Asset(resource, type));
		}
	}

	static @Nullable Resource chartJs(@Nullable ClassLoader classLoader) {
		// The WebJar's version from its Maven metadata: a plain resource lookup, which also
		// works where the classpath cannot be listed (a native image).
		ClassPathResource metadata = new ClassPathResource(CHART_JS_METADATA, classLoader);
		if (metadata.exists()) {
			try (InputStream in = metadata.getInputStream()) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version");
				ClassPathResource bundle = new ClassPathResource(
						"META-INF/resources/webjars/chartjs/" + version + "/dist/chart.umd.js", classLoader);
				if (version != null && bundle.exists()) {
					return bundle;
				}
			}
			catch (IOException ex) {
				// look for it by pattern below
			}
		}
		try {
			Resource[] found = new PathMatchingResourcePatternResolver(classLoader).getResources(CHART_JS_PATTERN);
			// More than one WebJar version on the classpath: take the last by path, the newest
			// for versions of the same width.
			return Arrays.stream(found)
				.filter(Resource::exists)
				.max(Comparator.comparing(DashboardAssets::describe))
				.orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String describe(Resource resource) {
		return resource.getDescription();
	}

	/**
	 * A file of the dashboard.
	 * @param file its name, such as {@code dashboard.js}
	 * @return the file, or {@code null} for a name the dashboard does not have
	 */
	@Nullable Asset find(String file) {
		return this.assets.get(file);
	}

	/**
	 * One file and its content type.
	 *
	 * @param resource where to read it
	 * @param contentType its content type
	 */
	record Asset(Resource resource, MimeType contentType) {

	}

}
