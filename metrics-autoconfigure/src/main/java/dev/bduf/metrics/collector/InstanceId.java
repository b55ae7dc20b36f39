package dev.bduf.metrics.collector;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The value of the {@code instance_id} tag: stable across restarts, distinct per process
 * on one host, and never the process id alone. It is the host name and a per-host slot,
 * as {@code web-01-0}: the lowest slot number that no other running process of the same
 * service on the host holds. A slot is held with a {@link FileChannel#tryLock() file
 * lock} on {@code <lock directory>/<service>/slot-<n>.lock} for as long as the instance
 * is open; the operating system releases it when the process ends, even on
 * {@code kill -9}, so a restarted process gets its slot back.
 * <p>
 * Resolving never blocks: the host name comes from the {@code HOSTNAME} or
 * {@code COMPUTERNAME} environment variable, then {@code /proc/sys/kernel/hostname} or
 * {@code /etc/hostname}, then {@code localhost} (never from a DNS lookup, which can
 * hang), and locks are only tried, never waited for. When the lock directory cannot be
 * used, the id is the host name and a random suffix, and the reason is logged once at
 * INFO.
 */
public final class InstanceId implements AutoCloseable {

	/**
	 * Slots tried before the id falls back to a random suffix.
	 */
	static final int MAX_SLOTS = 1024;

	private static final Log logger = LogFactory.getLog(InstanceId.class);

	private static final List<Path> HOSTNAME_FILES = List.of(Path.of("/proc/sys/kernel/hostname"),
			Path.of("/etc/hostname"));

	/**
	 * Slot files this JVM holds. A second channel on a held file is never opened: closing
	 * it would release the process's lock on the file (POSIX locks are per process).
	 */
	private static final Set<Path> held = ConcurrentHashMap.newKeySet();

	private final String value;

	private final @Nullable FileChannel slot;

	private final @Nullable Path slotFile;

	private InstanceId(String value, @Nullable FileChannel slot, @Nullable Path slotFile) {
		this.value = value;
		this.slot = slot;
		this.slotFile = slotFile;
	}

	/**
	 * An id given by the user: nothing is locked.
	 * @param value the id
	 * @return the instance id
	 */
	public static InstanceId of(String value) {
		return new InstanceId(value, null, null);
	}

	/**
	 * Resolve the id of this process for a service, holding its slot under
	 * {@code ${java.io.tmpdir}/bduf-metrics/instances} until {@link #close()}.
	 * @param service the service name, which scopes the slots
	 * @return the instance id
	 */
	public static InstanceId resolve(String service) {
		return resolve(service, System::getenv, HOSTNAME_FILES,
				Path.of(System.getProperty("java.io.tmpdir"), "bduf-metrics", "instances"));
	}

	/**
	 * Resolve an id from the given sources.
	 * @param service the service name, which scopes the slots
	 * @param environment the environment variables
	 * @param hostnameFiles files holding the host name, tried in order
	 * @param lockDirectory the directory that holds a directory of slot locks per service
	 * @return the instance id
	 */
	static InstanceId resolve(String service, Function<String, @Nullable String> environment,
			List<Path> hostnameFiles, Path lockDirectory) {
		String host = hostName(environment, hostnameFiles);
		Path directory = lockDirectory.resolve(safe(service));
		try {
			Files.createDirectories(directory);
			for (int slot = 0; slot < MAX_SLOTS; slot++) {
				Path file = directory.resolve("slot-" + slot + ".lock").toAbsolutePath().normalize();
				FileChannel channel = tryLock(file);
				if (channel != null) {
					return new InstanceId(host + "-" + slot, channel, file);
				}
			}
			return randomized(host, "all " + MAX_SLOTS + " slots in " + directory + " are held");
		}
		catch (IOException | RuntimeException ex) {
			return randomized(host, directory + " cannot hold slot locks (" + ex + ")");
		}
	}

	private static @Nullable FileChannel tryLock(Path file) throws IOException {
		if (!held.add(file)) {
			return null;
		}
		boolean locked = false;
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			try {
				FileLock lock = channel.tryLock();
				locked = lock != null;
			}
			catch (OverlappingFileLockException ex) {
				// Held in this JVM by other code
			}
			finally {
				if (!locked) {
					channel.close();
				}
			}
			return locked ? channel : null;
		}
		finally {
			if (!locked) {
				held.remove(file);
			}
		}
	}

	private static InstanceId randomized(String host, String reason) {
		String value = host + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
		logger.info("Instance id " + value + " is not stable across restarts: " + reason
				+ "; set bduf.metrics.instance-id to choose one");
		return new InstanceId(value, null, null);
	}

	/**
	 * This host's name, as the instance id reads it: from the environment or the
	 * kernel's host name file, never from a name lookup.
	 * @return the host name, or {@code localhost}
	 */
	public static String hostName() {
		return hostName(System::getenv, HOSTNAME_FILES);
	}

	static String hostName(Function<String, @Nullable String> environment, List<Path> hostnameFiles) {
		for (String variable : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
			String host = clean(environment.apply(variable));
			if (host != null) {
				return host;
			}
		}
		for (Path file : hostnameFiles) {
			try {
				if (Files.isReadable(file)) {
					String host = clean(Files.readString(file, StandardCharsets.UTF_8));
					if (host != null) {
						return host;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Try the next source
			}
		}
		return "localhost";
	}

	private static @Nullable String clean(@Nullable String candidate) {
		if (candidate == null) {
			return null;
		}
		String line = candidate.strip().lines().findFirst().orElse("").strip();
		return line.isEmpty() ? null : line.toLowerCase(Locale.ROOT);
	}

	private static String safe(String service) {
		String safe = service.replaceAll("[^A-Za-z0-9._-]", "_");
		return (safe.isEmpty() || safe.chars().allMatch((c) -> c == '.')) ? "_" : safe;
	}

	/**
	 * Return the id.
	 * @return the id
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Release the slot, if one is held, so that the next process of the service on this
	 * host can take it.
	 */
	@Override
	public void close() {
		if (this.slot != null && this.slot.isOpen()) {
			try {
				this.slot.close();
			}
			catch (IOException ex) {
				// The lock goes with the channel, or at the latest with the process
			}
			finally {
				held.remove(this.slotFile);
			}
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
