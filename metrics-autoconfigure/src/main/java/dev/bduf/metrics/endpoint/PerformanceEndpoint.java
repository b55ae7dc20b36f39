package dev.bduf.metrics.endpoint;

import java.time.Instant;
import java.util.List;

import dev.bduf.metrics.tracking.PerformanceReport;
import dev.bduf.metrics.tracking.PerformanceTracker;
import dev.bduf.metrics.tracking.ReportFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code performance} endpoint: the performance report of tracked methods.
 * {@code GET /actuator/performance} lists every tracked method;
 * {@code ?className=Order&method=place} narrows it (part of the class name,
 * case-insensitive; the exact method name); {@code GET /actuator/performance/{name}}
 * selects one meter name.
 */
@Endpoint(id = "performance")
public class PerformanceEndpoint {

	private final PerformanceTracker tracker;

	public PerformanceEndpoint(PerformanceTracker tracker) {
		this.tracker = tracker;
	}

	@ReadOperation
	public PerformanceDescriptor performance(@Nullable String className, @Nullable String method) {
		return describe(new ReportFilter(null, className, method));
	}

	@ReadOperation
	public PerformanceDescriptor performanceOf(@Selector String name, @Nullable String className,
			@Nullable String method) {
		return describe(new ReportFilter(name, className, method));
	}

	private PerformanceDescriptor describe(ReportFilter filter) {
		PerformanceReport report = this.tracker.getPerformanceReport(filter);
		return new PerformanceDescriptor(report.generatedAt(), report.trackingFailures(), report.methods());
	}

	/**
	 * What the endpoint returns.
	 *
	 * @param generatedAt when the report was made
	 * @param trackingFailures recordings that failed and were dropped since start
	 * @param methods per tracked name and method: calls, errors, latency, slow calls, CPU
	 * and allocation per call
	 */
	public record PerformanceDescriptor(Instant generatedAt, long trackingFailures,
			List<PerformanceReport.MethodPerformance> methods) implements OperationResponseBody {

	}

}
