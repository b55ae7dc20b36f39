package dev.bduf.metrics.report;

import java.util.Base64;

import dev.bduf.metrics.history.Sketch;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON form of a {@link SnapshotDocument}, written and read with Jackson: one line per
 * document, which reads back into the same records.
 * <p>
 * {@code start} is an ISO-8601 instant and {@code step} an ISO-8601 duration; a value
 * that does not apply to a point's kind ({@code NaN}) is the string {@code "NaN"}. A
 * {@link Sketch} is an object with its {@code relativeAccuracy}, {@code count}, the
 * {@code quantiles} 0.5, 0.9, 0.95 and 0.99 for a reader that only wants those, and
 * {@code bins}: the base64 of its encoding ({@link Sketch#toByteArray()}), from which it
 * is read back exactly and can be merged with others.
 */
public final class JsonSnapshotFormat {

	private static final double[] QUANTILES = { 0.5, 0.9, 0.95, 0.99 };

	private final JsonMapper mapper;

	/**
	 * A format with its own mapper.
	 */
	public JsonSnapshotFormat() {
		SimpleModule module = new SimpleModule("bduf-metrics-snapshots");
		module.addSerializer(Sketch.class, new SketchSerializer());
		module.addDeserializer(Sketch.class, new SketchDeserializer());
		this.mapper = JsonMapper.builder()
			.addModule(module)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
			.build();
	}

	/**
	 * Write a document as one line of JSON, without a line break.
	 * @param document the document
	 * @return the JSON
	 */
	public String write(SnapshotDocument document) {
		return this.mapper.writeValueAsString(document);
	}

	/**
	 * Read a document.
	 * @param json the JSON of one document
	 * @return the document
	 * @throws tools.jackson.core.JacksonException when the text is not a document
	 */
	public SnapshotDocument read(String json) {
		return this.mapper.readValue(json, SnapshotDocument.class);
	}

	/**
	 * The mapper this format uses.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	private static final class SketchSerializer extends ValueSerializer<Sketch> {

		@Override
		public void serialize(Sketch sketch, JsonGenerator gen, SerializationContext context) {
			gen.writeStartObject();
			gen.writeNumberProperty("relativeAccuracy", sketch.relativeAccuracy());
			gen.writeNumberProperty("count", sketch.count());
			gen.writeName("quantiles");
			gen.writeStartObject();
			if (sketch.count() > 0) {
				var ddSketch = sketch.toDDSketch();
				for (double quantile : QUANTILES) {
					gen.writeNumberProperty(Double.toString(quantile), ddSketch.getValueAtQuantile(quantile));
				}
			}
			gen.writeEndObject();
			gen.writeStringProperty("bins", Base64.getEncoder().encodeToString(sketch.toByteArray()));
			gen.writeEndObject();
		}

	}

	private static final class SketchDeserializer extends ValueDeserializer<Sketch> {

		@Override
		public Sketch deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode node = context.readTree(parser);
			JsonNode bins = node.get("bins");
			if (bins == null || !bins.isString()) {
				return context.reportInputMismatch(Sketch.class, "A sketch needs its \"bins\"");
			}
			try {
				return Sketch.fromByteArray(Base64.getDecoder().decode(bins.asString()));
			}
			catch (IllegalArgumentException ex) {
				return context.reportInputMismatch(Sketch.class, "Not a sketch's bins: " + ex.getMessage());
			}
		}

	}

}
