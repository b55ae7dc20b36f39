package dev.bduf.metrics.storage.file;

/**
 * When the file backend forces appended records to the disk.
 */
public enum FsyncPolicy {

	/**
	 * Force after every append: a record that was appended survives a power cut, at the
	 * price of one disk flush per write.
	 */
	ALWAYS,

	/**
	 * Force on a background tick: at most one interval of records is lost in a power
	 * cut; a process crash loses nothing, the records are in the page cache.
	 */
	INTERVAL,

	/**
	 * Never force: the operating system writes back when it likes.
	 */
	NEVER

}
