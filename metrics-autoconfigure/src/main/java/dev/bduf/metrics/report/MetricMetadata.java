package dev.bduf.metrics.report;

import java.lang.management.ManagementFactory;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Who took the metrics: carried once by every JSON document and shown by the
 * {@code collector} endpoint.
 *
 * @param collectorVersion the version of BDUF Metrics, the {@code Implementation-Version}
 * of its jar ({@code unknown} when run from classes, as in an IDE)
 * @param instanceId the {@code instance_id} of the application
 * @param processId the process id
 * @param javaVersion the Java runtime version ({@code java.version})
 * @param osName the operating system ({@code os.name})
 * @param osArch the processor architecture ({@code os.arch})
 */
public record MetricMetadata(String collectorVersion, String instanceId, long processId, String javaVersion,
		String osName, String osArch) {

	/**
	 * Validate.
	 * @param collectorVersion the collector version
	 * @param instanceId the instance id
	 * @param processId the process id
	 * @param javaVersion the Java version
	 * @param osName the operating system
	 * @param osArch the architecture
	 */
	public MetricMetadata {
		Objects.requireNonNull(collectorVersion, "collectorVersion");
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(javaVersion, "javaVersion");
		Objects.requireNonNull(osName, "osName");
		Objects.requireNonNull(osArch, "osArch");
	}

	/**
	 * The metadata of this process.
	 * @param instanceId the application's instance id
	 * @return the metadata
	 */
	public static MetricMetadata current(String instanceId) {
		return new MetricMetadata(jarVersion(), instanceId, ManagementFactory.getRuntimeMXBean().getPid(),
				property("java.version"), property("os.name"), property("os.arch"));
	}

	/**
	 * The version of BDUF Metrics: the {@code Implementation-Version} of the jar that
	 * holds this class.
	 * @return the version, {@code unknown} when the classes do not come from the jar
	 */
	public static String jarVersion() {
		String version = MetricMetadata.class.getPackage().getImplementationVersion();
		return (version != null && !version.isBlank()) ? version : "unknown";
	}

	private static String property(String name) {
		@Nullable String value = System.getProperty(name);
		return (value != null) ? value : "unknown";
	}

}
