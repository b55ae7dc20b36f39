package dev.bduf.metrics.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of where the metric history is stored.
 */
@ConfigurationProperties("bduf.metrics.storage")
public class StorageProperties {

	/**
	 * Storage backend of the metric history.
	 */
	private Type type = Type.MEMORY;

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	/**
	 * Storage backends.
	 */
	public enum Type {

		/**
		 * Ring buffers in the heap; lost on restart, local to the instance.
		 */
		MEMORY,

		/**
		 * Files in a directory.
		 */
		FILE,

		/**
		 * Redis, shared by the instances that use it.
		 */
		REDIS

	}

}
