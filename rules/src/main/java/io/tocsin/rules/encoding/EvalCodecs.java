package io.tocsin.rules.encoding;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.Regression;
import io.tocsin.rules.eval.SeriesRun;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary layout of the evaluation's values. A partial's optional parts are announced by one
 * flags byte, so a plain partial (count, sum, min, max, first, last) costs about 50 bytes where
 * its JSON took 150.
 */
public final class EvalCodecs {
    private static final int LINE = 1;
    private static final int LE = 2;
    private static final int SKETCH = 4;
    private static final int OVER = 8;
    private static final int RUNS = 16;
    private static final Phase[] PHASES = Phase.values();

    private EvalCodecs() {}

    public static final Codec<Labels> LABELS = new Codec<>() {
        @Override
        public void write(ByteWriter out, Labels labels) {
            out.writeVarint(labels.size());
            labels.map().forEach((k, v) -> out.writeString(k).writeString(v));
        }

        @Override
        public Labels read(ByteReader in) {
            int n = in.readSize();
            if (n == 0) {
                return Labels.EMPTY;
            }
            TreeMap<String, String> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                m.put(in.readString(), in.readString());
            }
            return new Labels(m);
        }
    };

    public static final Codec<Partial> PARTIAL = new Codec<>() {
        @Override
        public void write(ByteWriter out, Partial p) {
            int flags = (p.line() != null ? LINE : 0)
                    | (p.le() != null ? LE : 0)
                    | (p.sketch() != null ? SKETCH : 0)
                    | (p.over() != null ? OVER : 0)
                    | (p.runs() != null ? RUNS : 0);
            out.writeByte(flags)
                    .writeVarint(p.count())
                    .writeDouble(p.sum())
                    .writeDouble(p.min())
                    .writeDouble(p.max())
                    .writeDouble(p.first())
                    .writeLong(p.firstTs())
                    .writeDouble(p.last())
                    .writeLong(p.lastTs());
            if (p.line() != null) {
                Regression r = p.line();
                out.writeLong(r.refMs())
                        .writeVarint(r.n())
                        .writeDouble(r.st())
                        .writeDouble(r.sv())
                        .writeDouble(r.stt())
                        .writeDouble(r.stv());
            }
            if (p.le() != null) {
                out.writeVarint(p.le().size());
                p.le().forEach((le, v) -> out.writeString(le).writeDouble(v));
            }
            if (p.sketch() != null) {
                out.writeString(p.sketch());
            }
            if (p.over() != null) {
                write(out, p.over());
            }
            if (p.runs() != null) {
                out.writeVarint(p.runs().size());
                p.runs()
                        .forEach((series, r) -> out.writeString(series)
                                .writeString(r.le() == null ? "" : r.le())
                                .writeVarint(r.count())
                                .writeDouble(r.first())
                                .writeLong(r.firstTs())
                                .writeDouble(r.last())
                                .writeLong(r.lastTs())
                                .writeDouble(r.resets()));
            }
        }

        @Override
        public Partial read(ByteReader in) {
            int flags = in.readByte();
            long count = in.readVarint();
            double sum = in.readDouble();
            double min = in.readDouble();
            double max = in.readDouble();
            double first = in.readDouble();
            long firstTs = in.readLong();
            double last = in.readDouble();
            long lastTs = in.readLong();
            Regression line = (flags & LINE) == 0
                    ? null
                    : new Regression(
                            in.readLong(),
                            in.readVarint(),
                            in.readDouble(),
                            in.readDouble(),
                            in.readDouble(),
                            in.readDouble());
            Map<String, Double> le = null;
            if ((flags & LE) != 0) {
                int n = in.readSize();
                TreeMap<String, Double> m = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    m.put(in.readString(), in.readDouble());
                }
                le = m;
            }
            String sketch = (flags & SKETCH) == 0 ? null : in.readString();
            Partial over = (flags & OVER) == 0 ? null : read(in);
            Map<String, SeriesRun> runs = null;
            if ((flags & RUNS) != 0) {
                int n = in.readSize();
                TreeMap<String, SeriesRun> m = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    String series = in.readString();
                    String bucket = in.readString();
                    m.put(
                            series,
                            new SeriesRun(
                                    bucket.isEmpty() ? null : bucket,
                                    in.readVarint(),
                                    in.readDouble(),
                                    in.readLong(),
                                    in.readDouble(),
                                    in.readLong(),
                                    in.readDouble()));
                }
                runs = m;
            }
            return new Partial(count, sum, min, max, first, firstTs, last, lastTs, line, le, sketch, over, runs);
        }
    };

    public static final Codec<AlertStatus> STATUS = new Codec<>() {
        @Override
        public void write(ByteWriter out, AlertStatus s) {
            out.writeByte(s.phase().ordinal())
                    .writeLong(s.activeSinceMs())
                    .writeDouble(s.value())
                    .writeLong(s.lastEmittedMs())
                    .writeLong(s.lastHeldMs())
                    .writeLong(s.pendingSinceMs());
        }

        @Override
        public AlertStatus read(ByteReader in) {
            int phase = in.readByte();
            if (phase >= PHASES.length) {
                throw new IllegalArgumentException("unknown phase " + phase);
            }
            return new AlertStatus(
                    PHASES[phase], in.readLong(), in.readDouble(), in.readLong(), in.readLong(), in.readLong());
        }
    };

    public static final Codec<CounterDelta.Last> COUNTER_LAST = new Codec<>() {
        @Override
        public void write(ByteWriter out, CounterDelta.Last last) {
            out.writeDouble(last.value()).writeLong(last.ts());
        }

        @Override
        public CounterDelta.Last read(ByteReader in) {
            return new CounterDelta.Last(in.readDouble(), in.readLong());
        }
    };
}
