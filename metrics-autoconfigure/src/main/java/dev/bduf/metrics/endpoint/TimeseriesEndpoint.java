package dev.bduf.metrics.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import dev.bduf.metrics.query.HistoryQueryEngine;
import dev.bduf.metrics.support.RequestParameters;
import io.micrometer.core.instrument.Clock;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code timeseries} endpoint: the metric history.
 * <ul>
 * <li>{@code GET /actuator/timeseries[?scope=local|cluster]} lists the meter names with
 * history;</li>
 * <li>{@code GET /actuator/timeseries/{name}?tag=k:v&from=&to=&step=&stat=&groupBy=&scope=}
 * answers a {@link MetricsQuery} as {@link AggregatedMetrics}. {@code from} and
 * {@code to} are ISO-8601 instants, {@code now}, or durations relative to now such as
 * {@code -1h} or {@code -PT30M}; {@code step} a duration ({@code 30s}, {@code 5m},
 * {@code PT1M}); {@code stat} and {@code groupBy} comma-separated lists; {@code tag}
 * repeatable.</li>
 * </ul>
 * A bad parameter, or a query beyond {@code bduf.metrics.query.*} limits, answers 400
 * with a message saying what is wrong.
 */
@Endpoint(id = "timeseries")
public class TimeseriesEndpoint {

	private final HistoryQueryEngine engine;

	private final Clock clock;

	public TimeseriesEndpoint(HistoryQueryEngine engine, Clock clock) {
		this.engine = engine;
		this.clock = clock;
	}

	@ReadOperation
	public WebEndpointResponse<Object> names(@Nullable String scope) {
		try {
			MetricsQuery.Scope parsed = scope(scope);
			return new WebEndpointResponse<>(new TimeseriesNames(parsed, this.engine.names(parsed)));
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
	}

	@ReadOperation
	public WebEndpointResponse<Object> series(@Selector String name, String @Nullable [] tag, @Nullable String from,
			@Nullable String to, @Nullable String step, @Nullable String stat, @Nullable String groupBy,
			@Nullable String scope) {
		MetricsQuery query;
		try {
			Instant now = Instant.ofEpochMilli(this.clock.wallTime());
			query = new MetricsQuery(name, tags(tag), instant("from", from, now), instant("to", to, now),
					duration("step", step), list(stat), list(groupBy), scope(scope));
		}
		catch (IllegalArgumentException ex) {
			return badRequest(ex.getMessage());
		}
		AggregatedMetrics answer = this.engine.apply(query);
		if (answer.error() != null) {
			return badRequest(answer.error());
		}
		return new WebEndpointResponse<>(answer);
	}

	private static WebEndpointResponse<Object> badRequest(@Nullable String message) {
		return new WebEndpointResponse<>(new TimeseriesError(WebEndpointResponse.STATUS_BAD_REQUEST,
				(message != null) ? message : "Bad request"), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	static Map<String, String> tags(String @Nullable [] tags) {
		Map<String, String> parsed = new LinkedHashMap<>();
		if (tags == null) {
			return parsed;
		}
		for (String tag : tags) {
			int colon = tag.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("tag must be key:value, got '" + tag + "'");
			}
			parsed.put(tag.substring(0, colon).trim(), tag.substring(colon + 1).trim());
		}
		return parsed;
	}

	static @Nullable Instant instant(String parameter, @Nullable String text, Instant now) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String value = text.trim();
		if (value.equalsIgnoreCase("now")) {
			return now;
		}
		if (value.startsWith("-") || value.startsWith("+")) {
			Duration offset = duration(parameter, value.substring(1));
			return (value.charAt(0) == '-') ? now.minus(offset) : now.plus(offset);
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(parameter + " must be an ISO-8601 instant (2026-01-31T12:00:00Z), "
					+ "'now' or a duration relative to now (-1h, -PT30M), got '" + text + "'");
		}
	}

	static @Nullable Duration duration(String parameter, @Nullable String text) {
		return RequestParameters.duration(parameter, text, "30s, 5m, 1h or PT1M");
	}

	static List<String> list(@Nullable String text) {
		return RequestParameters.commaSeparated(text);
	}

	static MetricsQuery.Scope scope(@Nullable String text) {
		if (text == null || text.isBlank()) {
			return MetricsQuery.Scope.LOCAL;
		}
		try {
			return MetricsQuery.Scope.valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("scope must be local or cluster, got '" + text + "'");
		}
	}

	/**
	 * The names with history.
	 *
	 * @param scope whose history
	 * @param names the meter names
	 */
	public record TimeseriesNames(MetricsQuery.Scope scope, SortedSet<String> names) implements OperationResponseBody {

	}

	/**
	 * What was wrong with a request.
	 *
	 * @param status the HTTP status
	 * @param error the message
	 */
	public record TimeseriesError(int status, String error) implements OperationResponseBody {

	}

}
