package dev.bduf.metrics.storage.redis;

import java.nio.charset.StandardCharsets;

/**
 * The key layout. Every part is escaped ({@code %} as {@code %25}, {@code :} as
 * {@code %3A}) so an instance id such as {@code host:1234} cannot shift the parts.
 * <pre>
 * &lt;prefix&gt;:&lt;service&gt;:&lt;instance&gt;:&lt;resolution&gt;:&lt;bucket&gt;  string: one encoded snapshot, TTL of the resolution
 * &lt;prefix&gt;:&lt;service&gt;:&lt;instance&gt;:&lt;resolution&gt;:index     sorted set: buckets scored by themselves
 * &lt;prefix&gt;:&lt;service&gt;:instances                            sorted set: instance ids scored by last write
 * &lt;prefix&gt;:&lt;service&gt;:names                                sorted set: metric names scored by last write
 * &lt;prefix&gt;:&lt;service&gt;:&lt;instance&gt;:names                     sorted set: one instance's metric names
 * </pre>
 */
final class RedisKeys {

	private final String service;

	private RedisKeys(String service) {
		this.service = service;
	}

	static RedisKeys of(String prefix, String service) {
		return new RedisKeys(escape(prefix) + ":" + escape(service));
	}

	byte[] data(String instance, String resolution, long bucket) {
		return bytes(series(instance, resolution) + ":" + bucket);
	}

	byte[] index(String instance, String resolution) {
		return bytes(series(instance, resolution) + ":index");
	}

	byte[] instances() {
		return bytes(this.service + ":instances");
	}

	byte[] names() {
		return bytes(this.service + ":names");
	}

	byte[] names(String instance) {
		return bytes(this.service + ":" + escape(instance) + ":names");
	}

	String pattern() {
		return this.service + ":*";
	}

	private String series(String instance, String resolution) {
		return this.service + ":" + escape(instance) + ":" + escape(resolution);
	}

	static String escape(String part) {
		return part.replace("%", "%25").replace(":", "%3A");
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
