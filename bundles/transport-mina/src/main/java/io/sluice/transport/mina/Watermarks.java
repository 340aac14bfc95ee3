package io.sluice.transport.mina;

/**
 * Backpressure bounds, per direction of a connection: reading one side pauses while the other
 * side holds more than {@code highBytes} or {@code highWrites} unsent, and resumes below the low
 * marks, so that memory per connection stays bounded whatever the peers' speeds.
 */
record Watermarks(long highBytes, long lowBytes, int highWrites, int lowWrites) {

    /** 256 KB keeps a 1 Gbit/s stream busy across a few ms of scheduling delay; 64 writes, MINA's own bound. */
    static final Watermarks DEFAULT = new Watermarks(256 * 1024, 64 * 1024, 64, 16);

    Watermarks {
        if (lowBytes > highBytes || lowWrites > highWrites || lowBytes < 0 || lowWrites < 0) {
            throw new IllegalArgumentException("low watermarks must lie between 0 and the high ones");
        }
    }

    /** Whether a side with this much unsent must stop the other side's reading. */
    boolean above(long pendingBytes, int pendingWrites) {
        return pendingBytes > highBytes || pendingWrites > highWrites;
    }

    /** Whether a side has drained enough for the other side to read again. */
    boolean below(long pendingBytes, int pendingWrites) {
        return pendingBytes < lowBytes && pendingWrites < lowWrites;
    }
}
