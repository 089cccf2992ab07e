package io.tocsin.rules.topology;

import static io.tocsin.rules.encoding.EvalCodecs.LABELS;
import static io.tocsin.rules.encoding.EvalCodecs.PARTIAL;
import static io.tocsin.rules.encoding.EvalCodecs.STATUS;

import io.tocsin.core.wire.PushStamp;
import io.tocsin.rules.encoding.ByteReader;
import io.tocsin.rules.encoding.ByteWriter;
import io.tocsin.rules.encoding.Codec;
import io.tocsin.rules.encoding.EvalCodecs;
import io.tocsin.rules.eval.Partial;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary layout of the topology's keys and values.
 */
final class TopologyCodecs {
    private TopologyCodecs() {}

    /**
     * Keys open with 4 bytes of a hash of their content: the record cache and the in-memory stores
     * order keys by their bytes, and keys sharing a long rule id would otherwise be compared
     * through that whole prefix at every step of every lookup. The hash is built only from
     * hashCodes the JDK specifies, so it is the same in every JVM.
     */
    private static void writeHash(ByteWriter out, String ruleId, io.tocsin.core.wire.Labels group, long start) {
        int h = KeyHash.of(ruleId, group, start);
        out.writeByte(h >>> 24).writeByte(h >>> 16).writeByte(h >>> 8).writeByte(h);
    }

    private static void skipHash(ByteReader in) {
        for (int i = 0; i < 4; i++) {
            in.readByte();
        }
    }

    static final Codec<GroupKey> GROUP_KEY = new Codec<>() {
        @Override
        public void write(ByteWriter out, GroupKey k) {
            writeHash(out, k.ruleId(), k.group(), 0);
            out.writeString(k.ruleId());
            LABELS.write(out, k.group());
        }

        @Override
        public GroupKey read(ByteReader in) {
            skipHash(in);
            return new GroupKey(in.readString(), LABELS.read(in));
        }
    };

    static final Codec<BucketKey> BUCKET_KEY = new Codec<>() {
        @Override
        public void write(ByteWriter out, BucketKey k) {
            writeHash(out, k.inputId(), k.group(), k.bucketStart());
            out.writeString(k.inputId());
            LABELS.write(out, k.group());
            out.writeLong(k.bucketStart());
        }

        @Override
        public BucketKey read(ByteReader in) {
            skipHash(in);
            return new BucketKey(in.readString(), LABELS.read(in), in.readLong());
        }
    };

    static final Codec<CounterPage> COUNTER_PAGE = new Codec<>() {
        @Override
        public void write(ByteWriter out, CounterPage page) {
            out.writeVarint(page.entries().size());
            for (CounterPage.Entry e : page.entries()) {
                out.writeString(e.seriesId());
                EvalCodecs.COUNTER_LAST.write(out, e.last());
            }
        }

        @Override
        public CounterPage read(ByteReader in) {
            int n = in.readSize();
            List<CounterPage.Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(new CounterPage.Entry(in.readString(), EvalCodecs.COUNTER_LAST.read(in)));
            }
            return new CounterPage(entries);
        }
    };

    /** A heartbeat has no partial: a flag byte says which. */
    static final Codec<AheadKey> AHEAD_KEY = new Codec<>() {
        @Override
        public void write(ByteWriter out, AheadKey k) {
            writeHash(out, k.inputId(), k.group(), k.bucketStart());
            out.writeString(k.inputId());
            LABELS.write(out, k.group());
            out.writeLong(k.bucketStart()).writeString(k.writer()).writeVarint(k.arrivalMs());
        }

        @Override
        public AheadKey read(ByteReader in) {
            skipHash(in);
            String input = in.readString();
            var group = LABELS.read(in);
            long start = in.readLong();
            return new AheadKey(input, group, start, in.readString(), in.readVarint());
        }
    };

    static final Codec<BucketUpdate> BUCKET_UPDATE = new Codec<>() {
        @Override
        public void write(ByteWriter out, BucketUpdate u) {
            out.writeString(u.inputId());
            LABELS.write(out, u.group());
            out.writeLong(u.bucketStart()).writeByte((u.partial() == null ? 0 : 1) | (u.stamped() ? 2 : 0));
            if (u.partial() != null) {
                PARTIAL.write(out, u.partial());
            }
            if (u.stamped()) {
                out.writeString(u.writer()).writeVarint(u.arrivalMs());
            }
        }

        @Override
        public BucketUpdate read(ByteReader in) {
            String input = in.readString();
            var group = LABELS.read(in);
            long start = in.readLong();
            int flags = in.readByte();
            Partial partial = (flags & 1) == 0 ? null : PARTIAL.read(in);
            if ((flags & 2) == 0) {
                return new BucketUpdate(input, group, start, partial);
            }
            String writer = in.readString();
            return new BucketUpdate(input, group, start, partial, writer, in.readVarint());
        }
    };

    private static final Progress.Input[] INPUTS = Progress.Input.values();

    /** The sending source, then the updates, then a flag byte and the progress if there is one. */
    static final Codec<UpdateBatch> UPDATE_BATCH = new Codec<>() {
        @Override
        public void write(ByteWriter out, UpdateBatch b) {
            out.writeByte(b.source().input().ordinal()).writeVarint(b.source().partition());
            out.writeVarint(b.updates().size());
            b.updates().forEach(u -> BUCKET_UPDATE.write(out, u));
            out.writeByte(b.progress() == null ? 0 : b.progress().idle() ? 2 : 1);
            if (b.progress() != null) {
                out.writeLong(b.progress().watermarkMs());
                out.writeVarint(b.progress().pushes().size());
                b.progress().pushes().forEach(m -> PUSH_MARK.write(out, m));
            }
        }

        @Override
        public UpdateBatch read(ByteReader in) {
            int input = in.readByte();
            if (input >= INPUTS.length) {
                throw new IllegalArgumentException("unknown input " + input);
            }
            Progress.Source source = new Progress.Source(INPUTS[input], (int) in.readVarint());
            int n = in.readSize();
            List<BucketUpdate> updates = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                updates.add(BUCKET_UPDATE.read(in));
            }
            int flag = in.readByte();
            Progress progress = null;
            if (flag != 0) {
                long watermark = in.readLong();
                int marks = in.readSize();
                List<PushMark> pushes = new ArrayList<>(marks);
                for (int i = 0; i < marks; i++) {
                    pushes.add(PUSH_MARK.read(in));
                }
                progress = new Progress(source, watermark, flag == 2, pushes);
            }
            return new UpdateBatch(updates, source, progress);
        }
    };

    /** The writer, how far its pushes are whole here, then the claim's arrival and partitions as distances back. */
    static final Codec<PushMark> PUSH_MARK = new Codec<>() {
        @Override
        public void write(ByteWriter out, PushMark m) {
            out.writeString(m.writer()).writeVarint(m.wholeThrough()).writeVarint(m.seen());
            out.writeByte((m.idle() ? 1 : 0) | (m.claim() != null ? 2 : 0));
            if (m.claim() != null) {
                PushStamp c = m.claim();
                out.writeVarint(c.arrivalMs()).writeVarint(c.partitions());
                for (int p = 0; p < c.partitions(); p++) {
                    out.writeVarint(c.arrivalMs() - c.latestIn(p));
                }
            }
        }

        @Override
        public PushMark read(ByteReader in) {
            String writer = in.readString();
            long whole = in.readVarint();
            long seen = in.readVarint();
            int flags = in.readByte();
            PushStamp claim = null;
            if ((flags & 2) != 0) {
                long arrival = in.readVarint();
                long[] latest = new long[in.readSize()];
                for (int p = 0; p < latest.length; p++) {
                    latest[p] = arrival - in.readVarint();
                }
                claim = new PushStamp(writer, arrival, true, latest);
            }
            return new PushMark(writer, whole, seen, claim, (flags & 1) != 0);
        }
    };

    static final Codec<GroupState> GROUP_STATE = new Codec<>() {
        @Override
        public void write(ByteWriter out, GroupState s) {
            out.writeString(s.ruleVersion()).writeLong(s.observedSinceMs());
            STATUS.write(out, s.status());
            out.writeByte(s.published() == null ? 0 : 1);
            if (s.published() != null) {
                LABELS.write(out, s.published());
            }
        }

        @Override
        public GroupState read(ByteReader in) {
            String version = in.readString();
            long observedSince = in.readLong();
            var status = STATUS.read(in);
            var published = in.readByte() == 0 ? null : LABELS.read(in);
            return new GroupState(version, status, published, observedSince);
        }
    };
}
