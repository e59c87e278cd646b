package io.lockstep.journal;

import io.lockstep.engine.EngineVersion;
import io.lockstep.sbe.journal.SegmentHeaderDecoder;

import java.util.function.Consumer;

/**
 * Options of a journal writer. Segment length and index interval apply to segments created from now on;
 * existing segments keep the values in their headers.
 */
public final class JournalConfig
{
    public static final int DEFAULT_SEGMENT_LENGTH = 64 * 1024 * 1024;
    public static final int MIN_SEGMENT_LENGTH = 64 * 1024;
    public static final int DEFAULT_INDEX_INTERVAL = 1024;
    private static final int MAX_ENGINE_VERSION_LENGTH = SegmentHeaderDecoder.engineVersionLength();

    private int segmentLength = DEFAULT_SEGMENT_LENGTH;
    private int indexInterval = DEFAULT_INDEX_INTERVAL;
    private FsyncPolicy fsyncPolicy = FsyncPolicy.NONE;
    private int fsyncEveryRecords = 1;
    private long initialSequence = 1;
    private String engineVersion = EngineVersion.VERSION;
    private Consumer<String> log = System.err::println;

    public int segmentLength()
    {
        return segmentLength;
    }

    /**
     * @param segmentLength bytes per segment file: a multiple of 4096, at least {@link #MIN_SEGMENT_LENGTH}.
     */
    public JournalConfig segmentLength(final int segmentLength)
    {
        if (!isSegmentLength(segmentLength))
        {
            throw new IllegalArgumentException(
                "segment length must be a multiple of 4096 and at least " + MIN_SEGMENT_LENGTH + ": " + segmentLength);
        }
        this.segmentLength = segmentLength;
        return this;
    }

    /** Also what a segment header must hold: a reader refuses any other length. */
    static boolean isSegmentLength(final long segmentLength)
    {
        return segmentLength >= MIN_SEGMENT_LENGTH && segmentLength <= Integer.MAX_VALUE && (segmentLength & 4095) == 0;
    }

    public int indexInterval()
    {
        return indexInterval;
    }

    /** @return the largest payload a record can have in a segment created with this length and index interval. */
    public int maxPayloadLength()
    {
        final int dataOffset = JournalLayout.dataOffset(JournalLayout.indexCapacity(segmentLength, indexInterval));
        return ((segmentLength - dataOffset) & -JournalLayout.FRAME_ALIGNMENT) - JournalLayout.RECORD_HEADER_LENGTH;
    }

    /**
     * @param indexInterval records between two entries of a segment's sparse sequence index.
     */
    public JournalConfig indexInterval(final int indexInterval)
    {
        if (indexInterval < 1)
        {
            throw new IllegalArgumentException("index interval must be at least 1: " + indexInterval);
        }
        this.indexInterval = indexInterval;
        return this;
    }

    public FsyncPolicy fsyncPolicy()
    {
        return fsyncPolicy;
    }

    public int fsyncEveryRecords()
    {
        return fsyncEveryRecords;
    }

    public JournalConfig fsyncPolicy(final FsyncPolicy fsyncPolicy)
    {
        this.fsyncPolicy = fsyncPolicy;
        return this;
    }

    /**
     * Force after every {@code records} appends ({@link FsyncPolicy#EVERY_N_RECORDS}).
     */
    public JournalConfig fsyncEveryRecords(final int records)
    {
        if (records < 1)
        {
            throw new IllegalArgumentException("fsync interval must be at least 1 record: " + records);
        }
        this.fsyncPolicy = FsyncPolicy.EVERY_N_RECORDS;
        this.fsyncEveryRecords = records;
        return this;
    }

    public long initialSequence()
    {
        return initialSequence;
    }

    /**
     * @param initialSequence sequence of the first record of a new journal.
     */
    public JournalConfig initialSequence(final long initialSequence)
    {
        if (initialSequence < 0)
        {
            throw new IllegalArgumentException("initial sequence must not be negative: " + initialSequence);
        }
        this.initialSequence = initialSequence;
        return this;
    }

    public String engineVersion()
    {
        return engineVersion;
    }

    /**
     * @param engineVersion stamped into each new segment's header: 1 to 32 printable ASCII characters.
     */
    public JournalConfig engineVersion(final String engineVersion)
    {
        if (!isEngineVersion(engineVersion))
        {
            throw new IllegalArgumentException("engine version must be 1 to " + MAX_ENGINE_VERSION_LENGTH +
                " printable ASCII characters: '" + engineVersion + "'");
        }
        this.engineVersion = engineVersion;
        return this;
    }

    /** Also what a segment header must hold: a reader refuses any other engine version. */
    static boolean isEngineVersion(final String version)
    {
        if (version == null || version.isEmpty() || version.length() > MAX_ENGINE_VERSION_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < version.length(); i++)
        {
            if (version.charAt(i) < ' ' || version.charAt(i) > '~')
            {
                return false;
            }
        }
        return true;
    }

    public Consumer<String> log()
    {
        return log;
    }

    /**
     * @param log where the writer says what it did on open (torn tail cut, segment extended).
     */
    public JournalConfig log(final Consumer<String> log)
    {
        this.log = log;
        return this;
    }
}
