package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of provenance events (the topic) and of histories (the history store): a
 * version byte, a kind byte, then the fields in order. Every alert writes about three events and
 * each is appended to its history (read and rewritten whole), all on the dispatch's stream
 * thread: in JSON that was about a third of the thread's time per alert. The JSON written before
 * starts with '{' instead ({@link io.tocsin.core.json.CompactSerde#isJson}) and is still read.
 *
 * <p>Detail values read back as the JSON read them back (an integral number that fits an int is an
 * Integer, else a Long; a fraction a Double; a list an ArrayList), so that the history compares a
 * repeated mute state equal whichever form it came in.
 */
final class EventCodec {
    static final byte VERSION = 1;
    private static final byte EVENT = 'E';
    private static final byte HISTORY = 'Y';
    /** Several events of one alert in one record ({@link AlertEvents}); one event is still written as EVENT. */
    private static final byte EVENTS = 'B';

    private static final byte NULL = 0;
    private static final byte STRING = 'S';
    private static final byte INT = 'I';
    private static final byte LONG = 'L';
    private static final byte DOUBLE = 'D';
    private static final byte TRUE = 'T';
    private static final byte FALSE = 'F';
    private static final byte LIST = 'A';

    private static final EventKind[] KINDS = EventKind.values();

    private EventCodec() {}

    static byte[] event(ProvenanceEvent e) {
        Out o = new Out(256);
        o.header(EVENT);
        o.event(e, null);
        return o.bytes();
    }

    static ProvenanceEvent readEvent(byte[] value) {
        return new In(value, EVENT).event(null);
    }

    /**
     * One event in the single-event form written before batches (an instance not yet upgraded reads
     * it), several as one batch sharing the fingerprint.
     */
    static byte[] events(AlertEvents batch) {
        if (batch.events().size() == 1) {
            return event(batch.events().get(0));
        }
        Out o = new Out(256 * batch.events().size());
        o.header(EVENTS);
        o.string(batch.fingerprint());
        o.count(batch.events().size());
        for (ProvenanceEvent e : batch.events()) {
            o.event(e, batch.fingerprint());
        }
        return o.bytes();
    }

    /** Either form {@link #events} writes. */
    static AlertEvents readEvents(byte[] value) {
        if (value.length >= 2 && value[0] == VERSION && value[1] == EVENT) {
            return AlertEvents.of(readEvent(value));
        }
        In in = new In(value, EVENTS);
        String fingerprint = in.string();
        int n = in.count();
        List<ProvenanceEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(in.event(fingerprint));
        }
        return new AlertEvents(fingerprint, events);
    }

    static byte[] history(History h) {
        Out o = new Out(256 * (1 + h.events().size()));
        o.header(HISTORY);
        o.string(h.fingerprint());
        o.labels(h.labels());
        o.count(h.events().size());
        for (ProvenanceEvent e : h.events()) {
            o.event(e, h.fingerprint());
        }
        return o.bytes();
    }

    static History readHistory(byte[] value) {
        In in = new In(value, HISTORY);
        String fingerprint = in.string();
        Labels labels = in.labels();
        int n = in.count();
        List<ProvenanceEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(in.event(fingerprint));
        }
        return new History(fingerprint, labels, events);
    }

    /** A growable buffer: one array, no stream layers. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        byte[] bytes() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void header(byte kind) {
            room(2);
            buf[len++] = VERSION;
            buf[len++] = kind;
        }

        void tag(byte b) {
            room(1);
            buf[len++] = b;
        }

        void count(int n) {
            room(4);
            buf[len++] = (byte) (n >>> 24);
            buf[len++] = (byte) (n >>> 16);
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
        }

        void int64(long v) {
            count((int) (v >>> 32));
            count((int) v);
        }

        /** Null as length -1. */
        void string(String s) {
            if (s == null) {
                count(-1);
                return;
            }
            int n = s.length();
            room(4 + n);
            int start = len + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    // Not ASCII: let the JDK encode it (surrogates and all).
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    count(b.length);
                    room(b.length);
                    System.arraycopy(b, 0, buf, len, b.length);
                    len += b.length;
                    return;
                }
                buf[start + i] = (byte) c;
            }
            // ASCII (labels, ids, most summaries): one byte per char, no intermediate array.
            count(n);
            len += n;
        }

        void labels(Labels l) {
            if (l == null) {
                count(-1);
                return;
            }
            count(l.map().size());
            for (Map.Entry<String, String> e : l.map().entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
        }

        /** An event of a history leaves out the fingerprint they share (written as null). */
        void event(ProvenanceEvent e, String sharedFingerprint) {
            string(e.fingerprint().equals(sharedFingerprint) ? null : e.fingerprint());
            int64(e.at().getEpochSecond());
            count(e.at().getNano());
            tag((byte) e.kind().ordinal());
            string(e.summary());
            count(e.detail().size());
            for (Map.Entry<String, Object> d : e.detail().entrySet()) {
                string(d.getKey());
                value(d.getValue());
            }
            labels(e.labels());
        }

        void value(Object v) {
            if (v == null) {
                tag(NULL);
            } else if (v instanceof String s) {
                tag(STRING);
                string(s);
            } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                tag(INT);
                count(((Number) v).intValue());
            } else if (v instanceof Long l) {
                boolean fits = l == l.intValue();
                tag(fits ? INT : LONG);
                if (fits) {
                    count(l.intValue());
                } else {
                    int64(l);
                }
            } else if (v instanceof Double || v instanceof Float) {
                tag(DOUBLE);
                int64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            } else if (v instanceof Boolean b) {
                tag(b ? TRUE : FALSE);
            } else if (v instanceof Collection<?> c) {
                tag(LIST);
                count(c.size());
                for (Object x : c) {
                    value(x);
                }
            } else {
                // The detail is documented as strings, numbers and lists; anything else is a bug here.
                throw new IllegalArgumentException("a provenance detail cannot hold a " + v.getClass());
            }
        }
    }

    private static final class In {
        private final byte[] value;
        private final ByteBuffer data;

        In(byte[] value, byte kind) {
            if (value.length < 2 || value[0] != VERSION || value[1] != kind) {
                throw new IllegalArgumentException(
                        "not a version " + VERSION + " provenance " + (char) kind + " value");
            }
            this.value = value;
            this.data = ByteBuffer.wrap(value, 2, value.length - 2);
        }

        int count() {
            return data.getInt();
        }

        String string() {
            int n = data.getInt();
            if (n < 0) {
                return null;
            }
            String s = new String(value, data.position(), n, StandardCharsets.UTF_8);
            data.position(data.position() + n);
            return s;
        }

        Labels labels() {
            int n = count();
            if (n < 0) {
                return null;
            }
            TreeMap<String, String> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                m.put(string(), string());
            }
            return new Labels(m);
        }

        ProvenanceEvent event(String sharedFingerprint) {
            String fp = string();
            Instant at = Instant.ofEpochSecond(data.getLong(), data.getInt());
            EventKind kind = KINDS[data.get()];
            String summary = string();
            int n = count();
            Map<String, Object> detail = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                detail.put(string(), value());
            }
            return new ProvenanceEvent(fp == null ? sharedFingerprint : fp, at, kind, summary, detail, labels());
        }

        Object value() {
            byte tag = data.get();
            return switch (tag) {
                case NULL -> null;
                case STRING -> string();
                case INT -> data.getInt();
                case LONG -> data.getLong();
                case DOUBLE -> Double.longBitsToDouble(data.getLong());
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case LIST -> {
                    int n = count();
                    List<Object> out = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        out.add(value());
                    }
                    yield out;
                }
                default -> throw new IllegalArgumentException("unknown provenance detail tag " + tag);
            };
        }
    }
}
