package dev.bduf.metrics.stream;

import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

import dev.bduf.metrics.StreamingUpdate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON of the {@code metricstream} events, written with Jackson's streaming
 * generator. Numbers that are not finite are written as {@code null}.
 * <ul>
 * <li>a snapshot: {@code {"seq":N,"time":"<ISO instant>","interval":"PT1S",
 * "mode":"values|deltas","dropped":N,"series":[{"name":..,"kind":..,"baseUnit":..,
 * "tags":{..},"value":..,"count":..,"sum":..,"max":..,"mean":..,"p50":..,"p95":..,
 * "p99":..}]}};</li>
 * <li>an alert: the fields of {@link dev.bduf.metrics.alert.AlertEvent}: {@code rule,
 * metric, tags, value, threshold, state, previous, since, severity};</li>
 * <li>an error: {@code {"status":400,"error":"<message>"}}.</li>
 * </ul>
 */
public final class StreamJson {

	private static final JsonFactory factory = new JsonFactory();

	private StreamJson() {
	}

	/**
	 * The JSON of an update.
	 * @param update a snapshot or an alert
	 * @return the JSON
	 */
	public static String write(StreamingUpdate update) {
		if (update instanceof StreamingUpdate.Snapshot snapshot) {
			return snapshot(snapshot);
		}
		return alert((StreamingUpdate.Alert) update);
	}

	/**
	 * The JSON of a snapshot event.
	 * @param snapshot the snapshot
	 * @return the JSON
	 */
	public static String snapshot(StreamingUpdate.Snapshot snapshot) {
		StringWriter out = new StringWriter(256 + snapshot.series().size() * 200);
		try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeNumberProperty("seq", snapshot.seq());
			json.writeStringProperty("time", snapshot.time().toString());
			json.writeStringProperty("interval", snapshot.interval().toString());
			json.writeStringProperty("mode", snapshot.mode().name().toLowerCase(Locale.ROOT));
			json.writeNumberProperty("dropped", snapshot.dropped());
			json.writeName("series");
			json.writeStartArray();
			for (StreamingUpdate.Series series : snapshot.series()) {
				json.writeStartObject();
				json.writeStringProperty("name", series.name());
				json.writeStringProperty("kind", series.kind());
				json.writeStringProperty("baseUnit", series.baseUnit());
				tags(json, series.tags());
				number(json, "value", series.value());
				number(json, "count", series.count());
				number(json, "sum", series.sum());
				number(json, "max", series.max());
				number(json, "mean", series.mean());
				number(json, "p50", series.p50());
				number(json, "p95", series.p95());
				number(json, "p99", series.p99());
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString();
	}

	/**
	 * The JSON of an alert event.
	 * @param alert the alert change
	 * @return the JSON
	 */
	public static String alert(StreamingUpdate.Alert alert) {
		StringWriter out = new StringWriter(256);
		try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeStringProperty("rule", alert.rule());
			json.writeStringProperty("metric", alert.metric());
			tags(json, alert.tags());
			number(json, "value", alert.value());
			number(json, "threshold", alert.threshold());
			json.writeStringProperty("state", alert.state());
			json.writeStringProperty("previous", alert.previous());
			json.writeStringProperty("since", alert.since().toString());
			json.writeStringProperty("severity", alert.severity());
			json.writeEndObject();
		}
		return out.toString();
	}

	/**
	 * The JSON of a refused request.
	 * @param status the HTTP status
	 * @param message what is wrong
	 * @return the JSON
	 */
	public static String error(int status, String message) {
		StringWriter out = new StringWriter(128);
		try (JsonGenerator json = factory.createGenerator(ObjectWriteContext.empty(), out)) {
			json.writeStartObject();
			json.writeNumberProperty("status", status);
			json.writeStringProperty("error", message);
			json.writeEndObject();
		}
		return out.toString();
	}

	private static void tags(JsonGenerator json, Map<String, String> tags) {
		json.writeName("tags");
		json.writeStartObject();
		for (Map.Entry<String, String> tag : tags.entrySet()) {
			json.writeStringProperty(tag.getKey(), tag.getValue());
		}
		json.writeEndObject();
	}

	private static void number(JsonGenerator json, String name, double value) {
		if (Double.isFinite(value)) {
			json.writeNumberProperty(name, value);
		}
		else {
			json.writeNullProperty(name);
		}
	}

}
