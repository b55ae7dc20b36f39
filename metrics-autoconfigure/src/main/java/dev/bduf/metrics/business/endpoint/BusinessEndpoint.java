package dev.bduf.metrics.business.endpoint;

import java.time.Clock;
import java.util.Map;

import dev.bduf.metrics.business.BusinessReports;
import dev.bduf.metrics.business.TimePeriod;
import dev.bduf.metrics.business.UsageFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code business} endpoint. {@code GET /actuator/business?period=P7D} (or
 * {@code from}/{@code to}) is the business report; {@code /actuator/business/roi} the
 * return on investment; {@code /actuator/business/usage} usage analytics, narrowed by
 * {@code feature}, {@code segment} and {@code interactionType}. The period defaults to
 * the last day. A bad period answers 400 with a message.
 */
@Endpoint(id = "business")
public class BusinessEndpoint {

	private final BusinessReports reports;

	private final Clock clock;

	public BusinessEndpoint(BusinessReports reports, Clock clock) {
		this.reports = reports;
		this.clock = clock;
	}

	@ReadOperation
	public WebEndpointResponse<Object> report(@Nullable String period, @Nullable String from, @Nullable String to) {
		try {
			TimePeriod timePeriod = TimePeriod.parse(period, from, to, this.clock);
			return new WebEndpointResponse<>(this.reports.generateBusinessReport(timePeriod));
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
	}

	@ReadOperation
	public WebEndpointResponse<Object> section(@Selector String section, @Nullable String period,
			@Nullable String from, @Nullable String to, @Nullable String feature, @Nullable String segment,
			@Nullable String interactionType) {
		TimePeriod timePeriod;
		try {
			timePeriod = TimePeriod.parse(period, from, to, this.clock);
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
		return switch (section) {
			case "roi" -> new WebEndpointResponse<>(this.reports.calculateROI(timePeriod));
			case "usage" -> new WebEndpointResponse<>(
					this.reports.getUsageAnalytics(new UsageFilter(timePeriod, feature, segment, interactionType)));
			default -> new WebEndpointResponse<>(Map.of("status", WebEndpointResponse.STATUS_NOT_FOUND, "message",
					"No business report '" + section + "'; use roi or usage"), WebEndpointResponse.STATUS_NOT_FOUND);
		};
	}

	private static WebEndpointResponse<Object> badRequest(@Nullable String message) {
		return new WebEndpointResponse<>(Map.of("status", WebEndpointResponse.STATUS_BAD_REQUEST, "message",
				String.valueOf(message)), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

}
