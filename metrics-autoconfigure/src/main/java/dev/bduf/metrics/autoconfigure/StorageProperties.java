package dev.bduf.metrics.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.bduf.metrics.storage.file.FsyncPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of where the metric history is stored.
 */
@ConfigurationProperties("bduf.metrics.storage")
public class StorageProperties {

	/**
	 * Storage backend of the metric history.
	 */
	private Type type = Type.MEMORY;

	private final File file = new File();

	private final Redis redis = new Redis();

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	public File getFile() {
		return this.file;
	}

	public Redis getRedis() {
		return this.redis;
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
		REDIS,

		/**
		 * Read-through: queries are answered by a Prometheus-compatible server that
		 * scrapes the instances (bduf.metrics.storage.prometheus.url).
		 */
		PROMETHEUS

	}

	/**
	 * The file backend.
	 */
	public static class File {

		/**
		 * Directory of the segment files, with one sub-directory per resolution (raw, 1m,
		 * 10m). Created when missing.
		 */
		private Path directory = Path.of("bduf-metrics-history");

		/**
		 * When appended snapshots are forced to the disk: always (every write), interval
		 * (on a background tick) or never (left to the operating system).
		 */
		private FsyncPolicy fsync = FsyncPolicy.INTERVAL;

		/**
		 * Interval of the background fsync when fsync is interval.
		 */
		private Duration fsyncInterval = Duration.ofSeconds(1);

		/**
		 * Size after which a segment is sealed and a new one started.
		 */
		private DataSize maxSegmentSize = DataSize.ofMegabytes(64);

		/**
		 * Time span of snapshots after which a segment is sealed. Segments also span at
		 * most a quarter of their resolution's retention.
		 */
		private Duration segmentDuration = Duration.ofHours(1);

		/**
		 * How long a directory that failed (read-only, full) is left alone before it is
		 * tried again; snapshots in between are dropped and counted.
		 */
		private Duration retryInterval = Duration.ofSeconds(30);

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public FsyncPolicy getFsync() {
			return this.fsync;
		}

		public void setFsync(FsyncPolicy fsync) {
			this.fsync = fsync;
		}

		public Duration getFsyncInterval() {
			return this.fsyncInterval;
		}

		public void setFsyncInterval(Duration fsyncInterval) {
			this.fsyncInterval = fsyncInterval;
		}

		public DataSize getMaxSegmentSize() {
			return this.maxSegmentSize;
		}

		public void setMaxSegmentSize(DataSize maxSegmentSize) {
			this.maxSegmentSize = maxSegmentSize;
		}

		public Duration getSegmentDuration() {
			return this.segmentDuration;
		}

		public void setSegmentDuration(Duration segmentDuration) {
			this.segmentDuration = segmentDuration;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

	/**
	 * The Redis backend.
	 */
	public static class Redis {

		/**
		 * First part of every key, before the service and instance id.
		 */
		private String keyPrefix = "bduf-metrics";

		/**
		 * Snapshots held in memory while Redis cannot be written. When full, the oldest
		 * are dropped and counted.
		 */
		private int bufferSize = 1000;

		/**
		 * Snapshots written per pipelined round trip.
		 */
		private int batchSize = 100;

		/**
		 * Wait after a failed write before the next attempt.
		 */
		private Duration retryInterval = Duration.ofSeconds(1);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public int getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(int bufferSize) {
			this.bufferSize = bufferSize;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

}
