package io.tocsin.core.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a sample record stands in the push that wrote it, carried in the record's
 * {@value #HEADER} header, so that a reader knows, without a timer, when a push is wholly read.
 *
 * <p>A writer (one ingest sink) appends each push whole under one lock and gives it an arrival
 * time strictly greater than its previous push's, so in every partition a writer's records come in
 * arrival order, a push's records together. A reader of one partition that reads a record of
 * arrival A has read every earlier push of that writer in that partition, and, if the record is
 * {@code last}, push A too. Whether a push is whole across partitions needs the partitions it
 * touched, and whether the partitions it did not touch still owe an earlier push: the last record
 * in each partition says both with {@link #latest}.
 *
 * @param writer    the writer's id: arrival times compare only within one writer
 * @param arrivalMs the push's arrival, by the writer's clock, strictly increasing per writer
 * @param last      this is the push's last record in its partition
 * @param latest    on a {@code last} record, per partition of the topic, the arrival of this
 *     writer's newest push up to this one that wrote to it (this one's arrival for the partitions
 *     it touched; 0 for none yet); empty on other records
 */
public record PushStamp(String writer, long arrivalMs, boolean last, long[] latest) {
    /** The record header that carries a stamp. */
    public static final String HEADER = "tocsin-push";

    private static final int VERSION = 1;

    public PushStamp {
        if (writer == null || writer.isEmpty()) {
            throw new IllegalArgumentException("a push stamp needs a writer");
        }
        if (arrivalMs <= 0) {
            throw new IllegalArgumentException("arrival must be positive: " + arrivalMs);
        }
        latest = latest == null ? new long[0] : latest.clone();
        if (!last && latest.length > 0) {
            throw new IllegalArgumentException("only a push's last record in a partition says where the others stand");
        }
        for (long l : latest) {
            if (l < 0 || l > arrivalMs) {
                throw new IllegalArgumentException("latest push " + l + " is not at or before arrival " + arrivalMs);
            }
        }
    }

    /** A record of the push that is not its last in its partition. */
    public static PushStamp inner(String writer, long arrivalMs) {
        return new PushStamp(writer, arrivalMs, false, null);
    }

    /** Whether the push wrote to the partition: known only from a {@code last} record. */
    public boolean touched(int partition) {
        return partition < latest.length && latest[partition] == arrivalMs;
    }

    /**
     * Up to which arrival this writer's pushes are wholly read in the record's partition once the
     * record is read: this push if it is its last record there, else the one before it.
     */
    public long wholeThrough() {
        return last ? arrivalMs : arrivalMs - 1;
    }

    @Override
    public long[] latest() {
        return latest.clone();
    }

    /** The newest push up to this one that wrote to the partition; 0 for none or when not known here. */
    public long latestIn(int partition) {
        return partition < latest.length ? latest[partition] : 0;
    }

    public int partitions() {
        return latest.length;
    }

    /** Version, flags, arrival, writer, then on a last record each partition's distance back from the arrival. */
    public byte[] encode() {
        byte[] w = writer.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + w.length + 3 * latest.length);
        out.write(VERSION);
        out.write(last ? 1 : 0);
        varint(out, arrivalMs);
        varint(out, w.length);
        out.write(w, 0, w.length);
        if (last) {
            varint(out, latest.length);
            for (long l : latest) {
                varint(out, arrivalMs - l); // 0 for the partitions it touched: one byte each
            }
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException for bytes that are not a stamp of a known version */
    public static PushStamp decode(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            throw new IllegalArgumentException("not a push stamp");
        }
        int[] at = {0};
        int version = bytes[at[0]++];
        if (version != VERSION) {
            throw new IllegalArgumentException("push stamp version " + version + " is not known");
        }
        boolean last = bytes[at[0]++] == 1;
        long arrival = readVarint(bytes, at);
        int length = (int) readVarint(bytes, at);
        if (length <= 0 || at[0] + length > bytes.length) {
            throw new IllegalArgumentException("push stamp writer length " + length + " out of bounds");
        }
        String writer = new String(bytes, at[0], length, StandardCharsets.UTF_8);
        at[0] += length;
        long[] latest = null;
        if (last) {
            int n = (int) readVarint(bytes, at);
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("push stamp partition count " + n + " out of bounds");
            }
            latest = new long[n];
            for (int i = 0; i < n; i++) {
                latest[i] = arrival - readVarint(bytes, at);
            }
        }
        return new PushStamp(writer, arrival, last, latest);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("push stamp truncated");
            }
            int b = bytes[at[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("push stamp varint too long");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushStamp p
                && writer.equals(p.writer)
                && arrivalMs == p.arrivalMs
                && last == p.last
                && Arrays.equals(latest, p.latest);
    }

    @Override
    public int hashCode() {
        return (writer.hashCode() * 31 + Long.hashCode(arrivalMs)) * 31 + Arrays.hashCode(latest) + (last ? 1 : 0);
    }

    @Override
    public String toString() {
        return "PushStamp[" + writer + " @" + arrivalMs + (last ? " last " + Arrays.toString(latest) : "") + "]";
    }
}
