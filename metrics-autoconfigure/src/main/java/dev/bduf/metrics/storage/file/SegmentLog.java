package dev.bduf.metrics.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Clock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An append-only log of timestamped records in segment files (see {@link SegmentFormat}
 * for the layout).
 * <p>
 * Opening recovers every complete record of every segment and cuts off a torn or corrupt
 * tail (a bad length, a bad CRC, a short read), logging and reporting in
 * {@link #state()} what was dropped. Appends go to a new segment after each open, which
 * is sealed and replaced when it reaches the size limit or spans the segment duration.
 * Retention deletes whole sealed segments whose newest record is older than the
 * retention. Nothing here throws into a caller: a directory that cannot be created, is
 * read-only or full makes appends return {@code false}, counted as dropped, and is tried
 * again after the retry interval.
 * <p>
 * One thread appends at a time (appends take a lock); reads may run concurrently and see
 * every record whose append returned.
 */
public final class SegmentLog implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SegmentLog.class);

	private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");

	private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

	private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

	private static final Set<OpenOption> WRITE = Set.of(StandardOpenOption.WRITE);

	private final FileStorageOptions options;

	private final Clock clock;

	private final ChannelOpener opener;

	private final ReentrantLock lock = new ReentrantLock();

	private final List<Segment> segments = new CopyOnWriteArrayList<>();

	private final List<String> recoveryProblems = new ArrayList<>();

	private final @Nullable ScheduledExecutorService ticker;

	private @Nullable Segment active;

	private @Nullable FileChannel activeChannel;

	private long nextSequence;

	private boolean dirty;

	private boolean closed;

	private volatile boolean writable;

	private volatile long appended;

	private volatile long droppedWrites;

	private volatile long deletedSegments;

	private final AtomicLong readErrors = new AtomicLong();

	private long recoveredRecords;

	private long recoveryDroppedBytes;

	private long recoveryDroppedRecords;

	private long retryAt = Long.MIN_VALUE;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorTime;

	private volatile @Nullable Instant lastWriteTime;

	private SegmentLog(FileStorageOptions options, Clock clock, ChannelOpener opener, boolean tick) {
		this.options = options;
		this.clock = clock;
		this.opener = opener;
		recover();
		if (tick && options.fsync() == FsyncPolicy.INTERVAL) {
			this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "bduf-metrics-file-storage");
				thread.setDaemon(true);
				return thread;
			});
			long interval = options.fsyncInterval().toMillis();
			this.ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
		}
		else {
			this.ticker = null;
		}
	}

	/**
	 * Open (and recover) the log in a directory, creating it when missing. Never throws:
	 * a directory that cannot be used leaves the log degraded.
	 * @param options the settings
	 * @param clock the clock for retention and retries
	 * @return the log
	 */
	public static SegmentLog open(FileStorageOptions options, Clock clock) {
		return new SegmentLog(options, clock, FileChannel::open, true);
	}

	/**
	 * Open with another way to open files (tests inject failing channels), and without
	 * the background fsync thread when {@code tick} is false.
	 */
	static SegmentLog open(FileStorageOptions options, Clock clock, ChannelOpener opener, boolean tick) {
		return new SegmentLog(options, clock, opener, tick);
	}

	private void recover() {
		Path directory = this.options.directory();
		List<Path> files = new ArrayList<>();
		try {
			Files.createDirectories(directory);
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "segment-*.log")) {
				stream.forEach(files::add);
			}
		}
		catch (IOException | RuntimeException ex) {
			failed("open " + directory, ex);
			return;
		}
		files.removeIf((file) -> sequence(file) < 0);
		files.sort(Comparator.comparingLong(SegmentLog::sequence));
		for (int i = 0; i < files.size(); i++) {
			recoverSegment(files.get(i), i == files.size() - 1);
		}
		if (!files.isEmpty()) {
			this.nextSequence = sequence(files.get(files.size() - 1)) + 1;
		}
		this.writable = true;
		if (this.recoveryDroppedBytes > 0) {
			logger.warn("Metrics storage in " + directory + " recovered " + this.recoveredRecords
					+ " records and dropped " + this.recoveryDroppedBytes + " bytes (" + this.recoveryDroppedRecords
					+ " records) of torn or corrupt data: " + this.recoveryProblems);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Metrics storage in " + directory + " recovered " + this.recoveredRecords + " records in "
					+ this.segments.size() + " segments");
		}
		applyRetention();
	}

	private void recoverSegment(Path file, boolean last) {
		SegmentFormat.Scan scan;
		long fileSize;
		try (FileChannel channel = this.opener.open(file, READ)) {
			fileSize = channel.size();
			scan = SegmentFormat.scan(channel, fileSize, this.options.maxRecordSize(), null);
		}
		catch (IOException | RuntimeException ex) {
			this.recoveryProblems.add(file.getFileName() + ": unreadable (" + ex + ")");
			return;
		}
		SegmentFormat.Problem problem = scan.problem();
		if (!scan.headerValid()) {
			this.recoveryDroppedBytes += fileSize;
			this.recoveryProblems.add(file.getFileName() + ": " + problem.reason() + ", " + fileSize + " bytes"
					+ (last ? ", deleted" : ", skipped"));
			if (last) {
				// A segment torn while it was being created: nothing in it was ever acknowledged.
				deleteQuietly(file);
			}
			return;
		}
		if (problem != null) {
			this.recoveryDroppedBytes += problem.bytes();
			this.recoveryDroppedRecords += problem.records();
			this.recoveryProblems.add(file.getFileName() + ": " + problem.reason() + " at offset " + scan.validEnd()
					+ ", dropped " + problem.bytes() + " bytes (" + problem.records() + " records)");
			truncateQuietly(file, scan.validEnd());
		}
		this.recoveredRecords += scan.records();
		this.segments.add(new Segment(file, sequence(file), scan.start(), scan.validEnd(), scan.records(),
				scan.minTimestamp(), scan.maxTimestamp()));
	}

	/**
	 * Append a record. Never throws.
	 * @param timestamp epoch milliseconds of the record
	 * @param payload the bytes
	 * @return whether the record was written; when false it was counted as dropped
	 */
	public boolean append(long timestamp, byte[] payload) {
		this.lock.lock();
		try {
			if (this.closed || payload.length > this.options.maxRecordSize()
					|| this.clock.wallTime() < this.retryAt) {
				this.droppedWrites++;
				return false;
			}
			ByteBuffer frame = SegmentFormat.frame(timestamp, payload);
			long frameSize = frame.remaining();
			Segment segment = activeFor(timestamp, frameSize);
			FileChannel channel = this.activeChannel;
			try {
				while (frame.hasRemaining()) {
					channel.write(frame);
				}
				if (this.options.fsync() == FsyncPolicy.ALWAYS) {
					channel.force(false);
				}
				else {
					this.dirty = true;
				}
			}
			catch (IOException | RuntimeException ex) {
				rollBack(segment, channel);
				throw ex;
			}
			segment.appended(timestamp, frameSize);
			this.appended++;
			this.lastWriteTime = Instant.ofEpochMilli(this.clock.wallTime());
			if (!this.writable) {
				logger.info("Metrics storage in " + this.options.directory() + " is writable again after "
						+ this.droppedWrites + " dropped writes");
				this.writable = true;
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.droppedWrites++;
			failed("append to " + this.options.directory(), ex);
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private Segment activeFor(long timestamp, long frameSize) throws IOException {
		Segment segment = this.active;
		if (segment != null && segment.records() > 0 && (segment.size() + frameSize > this.options.maxSegmentSize()
				|| timestamp - segment.start >= this.options.segmentDuration().toMillis())) {
			seal();
			applyRetention();
			segment = null;
		}
		if (segment == null) {
			segment = create(timestamp);
		}
		return segment;
	}

	private Segment create(long start) throws IOException {
		Path path = this.options.directory().resolve(String.format("segment-%020d.log", this.nextSequence));
		Files.createDirectories(this.options.directory());
		FileChannel channel = this.opener.open(path, CREATE);
		this.nextSequence++;
		try {
			ByteBuffer header = SegmentFormat.header(start);
			while (header.hasRemaining()) {
				channel.write(header);
			}
			if (this.options.fsync() != FsyncPolicy.NEVER) {
				channel.force(false);
				forceDirectory();
			}
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			deleteQuietly(path);
			throw ex;
		}
		Segment segment = new Segment(path, this.nextSequence - 1, start, SegmentFormat.HEADER_SIZE, 0,
				Long.MAX_VALUE, Long.MIN_VALUE);
		this.segments.add(segment);
		this.active = segment;
		this.activeChannel = channel;
		return segment;
	}

	/**
	 * Undo a partly written frame so the segment still ends on a complete record; when
	 * that fails too the segment is sealed and the next append starts a new one.
	 */
	private void rollBack(Segment segment, FileChannel channel) {
		try {
			channel.truncate(segment.size());
			channel.position(segment.size());
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			this.active = null;
			this.activeChannel = null;
		}
	}

	private void seal() {
		FileChannel channel = this.activeChannel;
		if (channel != null) {
			try {
				if (this.options.fsync() != FsyncPolicy.NEVER) {
					channel.force(false);
				}
			}
			catch (IOException | RuntimeException ex) {
				failed("force " + this.options.directory(), ex);
			}
			closeQuietly(channel);
		}
		this.active = null;
		this.activeChannel = null;
		this.dirty = false;
	}

	/**
	 * Force appended records to the disk now. Never throws.
	 */
	public void flush() {
		this.lock.lock();
		try {
			FileChannel channel = this.activeChannel;
			if (channel != null && this.dirty) {
				channel.force(false);
				this.dirty = false;
			}
		}
		catch (IOException | RuntimeException ex) {
			failed("force " + this.options.directory(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void tick() {
		flush();
		this.lock.lock();
		try {
			applyRetention();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Delete the sealed segments whose newest record is older than the retention.
	 * @return how many were deleted
	 */
	public int retain() {
		this.lock.lock();
		try {
			return applyRetention();
		}
		finally {
			this.lock.unlock();
		}
	}

	private int applyRetention() {
		long cutoff = this.clock.wallTime() - this.options.retention().toMillis();
		int deleted = 0;
		for (Segment segment : this.segments) {
			if (segment != this.active && segment.end() < cutoff) {
				try {
					Files.deleteIfExists(segment.path);
					this.segments.remove(segment);
					deleted++;
				}
				catch (IOException | RuntimeException ex) {
					failed("delete " + segment.path, ex);
				}
			}
		}
		this.deletedSegments += deleted;
		return deleted;
	}

	/**
	 * The records with {@code from <= timestamp < to}, oldest first. Never throws: a
	 * segment that cannot be read is skipped and counted.
	 * @param from first epoch millisecond, inclusive
	 * @param to last epoch millisecond, exclusive
	 * @return the records
	 */
	public List<StoredRecord> read(long from, long to) {
		List<StoredRecord> records = new ArrayList<>();
		for (Segment segment : this.segments) {
			if (!segment.overlaps(from, to)) {
				continue;
			}
			try (FileChannel channel = this.opener.open(segment.path, READ)) {
				SegmentFormat.scan(channel, segment.size(), this.options.maxRecordSize(), (timestamp, payload) -> {
					if (timestamp >= from && timestamp < to) {
						records.add(new StoredRecord(timestamp, payload));
					}
				});
			}
			catch (NoSuchFileException ex) {
				// Deleted by retention while we were reading.
			}
			catch (IOException | RuntimeException ex) {
				this.readErrors.incrementAndGet();
				logger.debug("Could not read metrics storage segment " + segment.path, ex);
			}
		}
		records.sort(Comparator.comparingLong(StoredRecord::timestamp));
		return records;
	}

	/**
	 * What the log reports about itself.
	 * @return the state
	 */
	public FileStorageState state() {
		long bytes = 0;
		long records = 0;
		for (Segment segment : this.segments) {
			bytes += segment.size();
			records += segment.records();
		}
		List<String> problems;
		this.lock.lock();
		try {
			problems = List.copyOf(this.recoveryProblems);
		}
		finally {
			this.lock.unlock();
		}
		return new FileStorageState(this.options.directory().toString(), this.options.fsync(), this.writable,
				this.segments.size(), bytes, records, this.appended, this.droppedWrites, this.recoveredRecords,
				this.recoveryDroppedBytes, this.recoveryDroppedRecords, problems, this.deletedSegments,
				this.readErrors.get(), this.lastError, this.lastErrorTime, this.lastWriteTime);
	}

	/**
	 * Force and close the active segment and stop the background tick. Later appends are
	 * dropped.
	 */
	@Override
	public void close() {
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
		this.lock.lock();
		try {
			seal();
			this.closed = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void failed(String what, Exception ex) {
		boolean wasWritable = this.writable;
		this.writable = false;
		this.lastError = what + ": " + ex;
		this.lastErrorTime = Instant.ofEpochMilli(this.clock.wallTime());
		this.retryAt = this.clock.wallTime() + this.options.retryInterval().toMillis();
		if (wasWritable || this.appended == 0 && this.droppedWrites <= 1) {
			logger.warn("Metrics storage failed to " + what + "; writes are dropped and counted, retrying every "
					+ this.options.retryInterval() + ": " + ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Metrics storage failed to " + what, ex);
		}
	}

	private void forceDirectory() {
		try (FileChannel directory = FileChannel.open(this.options.directory(), StandardOpenOption.READ)) {
			directory.force(true);
		}
		catch (IOException | RuntimeException ex) {
			// Not every platform can force a directory; the segment itself was forced.
		}
	}

	private void truncateQuietly(Path file, long size) {
		try (FileChannel channel = this.opener.open(file, WRITE)) {
			channel.truncate(size);
			channel.force(false);
		}
		catch (IOException | RuntimeException ex) {
			// A read-only directory: reads stop at the valid end all the same.
			logger.warn("Could not truncate the corrupt tail of " + file + ": " + ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not delete " + file, ex);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a metrics storage segment", ex);
		}
	}

	private static long sequence(Path file) {
		Matcher matcher = SEGMENT_NAME.matcher(file.getFileName().toString());
		return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
	}

	/**
	 * Opens segment files; tests substitute channels that fail.
	 */
	@FunctionalInterface
	interface ChannelOpener {

		FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

	}

}
