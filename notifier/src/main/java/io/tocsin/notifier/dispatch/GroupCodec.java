package io.tocsin.notifier.dispatch;

import io.tocsin.core.json.CompactSerde;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.escalation.Escalation;
import io.tocsin.notifier.provenance.AlertEvents;
import io.tocsin.notifier.provenance.ProvenanceSerde;
import io.tocsin.notifier.route.RouteTiming;
import io.tocsin.notifier.route.TimeMuting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The binary values of the group store: a group's header (everything but its alerts) under the
 * group id, and one entry per alert under {@link #memberKey}, so that an alert into a group of n
 * costs one small write per commit, not the whole group; a group of at most one alert is kept
 * {@link #whole} under its id instead. Each value starts with a version byte;
 * the JSON the store held before starts with '{' instead ({@link CompactSerde#isJson}). The same
 * encoding serves the memberships store and the by-group repartition topic ({@link #membershipsSerde},
 * {@link #routedSerde}).
 */
final class GroupCodec {
    static final byte VERSION = 1;
    private static final byte HEADER = 'H';
    private static final byte MEMBER = 'M';
    private static final byte WHOLE = 'G';
    private static final byte MEMBERSHIPS = 'S';
    private static final byte ROUTED = 'R';

    private static final CompactSerde<AlertEvents> EVENTS = ProvenanceSerde.alertEvents();
    /** Separates a group id from a fingerprint in a member's key; no group id contains it. */
    static final char SEPARATOR = '\u0000';

    private GroupCodec() {}

    /** One alert of a group, as the store keeps it: the alert held, and the episode its receiver was told. */
    record Member(Alert alert, String told) {}

    static String memberKey(String groupId, String fingerprint) {
        return groupId + SEPARATOR + fingerprint;
    }

    /** The group id of a member key, or null for a header key. */
    static String groupOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? null : key.substring(0, at);
    }

    static String fingerprintOf(String memberKey) {
        return memberKey.substring(memberKey.indexOf(SEPARATOR) + 1);
    }

    static CompactSerde<Memberships> membershipsSerde() {
        return CompactSerde.of(
                Memberships.class,
                GroupCodec::memberships,
                GroupCodec::readMemberships,
                StateSerde.of(Memberships.class).deserializer());
    }

    static CompactSerde<Routed> routedSerde() {
        return CompactSerde.of(
                Routed.class,
                GroupCodec::routed,
                GroupCodec::readRouted,
                StateSerde.of(Routed.class).deserializer());
    }

    /** The group without its alerts and told episodes (they are members). */
    static byte[] header(AlertGroup g) {
        Out o = new Out();
        try {
            o.data.writeByte(VERSION);
            o.data.writeByte(HEADER);
            o.header(g);
            return o.bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A header read back: the group with no alerts and nothing told, to be filled from its members. */
    static AlertGroup readHeader(byte[] value) {
        In in = new In(value, HEADER);
        try {
            return in.header();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A group of at most one alert, whole under its id: the header and its one member (alert and
     * told episode) in one value, so that an alert that is its own group costs one changelog
     * record per commit instead of two. {@code fingerprint} and {@code m} are null for a group
     * with no member. A reader of an earlier version refuses the kind (the task fails) rather
     * than load the group without its alert.
     */
    static byte[] whole(AlertGroup g, String fingerprint, Member m) {
        Out o = new Out();
        try {
            o.data.writeByte(VERSION);
            o.data.writeByte(WHOLE);
            o.header(g);
            o.string(fingerprint);
            if (fingerprint != null) {
                o.alert(m.alert());
                o.string(m.told());
            }
            return o.bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A group written {@link #whole}, read back: its header, and its one member if it has one. */
    record Whole(AlertGroup header, String fingerprint, Member member) {}

    static Whole readWhole(byte[] value) {
        In in = new In(value, WHOLE);
        try {
            AlertGroup header = in.header();
            String fingerprint = in.string();
            Member m = fingerprint == null ? null : new Member(in.alert(), in.string());
            return new Whole(header, fingerprint, m);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whether a binary value under a group id holds the group {@link #whole} (else it is a header). */
    static boolean isWhole(byte[] value) {
        return value.length >= 2 && value[0] == VERSION && value[1] == WHOLE;
    }

    static byte[] member(Member m) {
        Out o = new Out();
        try {
            o.data.writeByte(VERSION);
            o.data.writeByte(MEMBER);
            o.alert(m.alert());
            o.string(m.told());
            return o.bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Member readMember(byte[] value) {
        In in = new In(value, MEMBER);
        try {
            return new Member(in.alert(), in.string());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The groups an alert fired in (the memberships store). */
    static byte[] memberships(Memberships m) {
        Out o = new Out();
        try {
            o.data.writeByte(VERSION);
            o.data.writeByte(MEMBERSHIPS);
            o.data.writeInt(m.groups().size());
            for (GroupRef r : m.groups()) {
                o.ref(r);
            }
            return o.bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Memberships readMemberships(byte[] value) {
        In in = new In(value, MEMBERSHIPS);
        try {
            int n = in.data.readInt();
            List<GroupRef> groups = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                groups.add(in.ref());
            }
            return new Memberships(groups);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** An alert or acknowledgement on its way to a group (the by-group repartition topic). */
    static byte[] routed(Routed r) {
        Out o = new Out();
        try {
            o.data.writeByte(VERSION);
            o.data.writeByte(ROUTED);
            o.ref(r.group());
            o.alert(r.alert());
            o.ack(r.ack());
            // The route stage's events about the alert ({@link Routed#provenance}) come last, in the
            // provenance topic's own form: a reader of an earlier version stops after the
            // acknowledgement and still takes the alert (losing only those events), where a
            // kind of its own would have been refused and the alert lost in a rolling upgrade.
            if (r.provenance() != null) {
                byte[] events = EVENTS.serializer().serialize(null, r.provenance());
                o.data.writeInt(events.length);
                o.data.write(events);
            }
            return o.bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Routed readRouted(byte[] value) {
        In in = new In(value, ROUTED);
        try {
            GroupRef ref = in.ref();
            Alert alert = in.alert();
            if (alert != null
                    && ref.groupLabels() != alert.labels()
                    && ref.groupLabels().equals(alert.labels())) {
                // Grouped by every label (group_by: ['...']): one label set for the group and
                // its alert, not two (a third of a held alert's label maps).
                ref = new GroupRef(
                        ref.receiver(), ref.groupKey(), alert.labels(), ref.timing(), ref.escalation(), ref.muting());
            }
            Acknowledgement ack = in.ack();
            AlertEvents events = null;
            if (in.data.buf().hasRemaining()) {
                byte[] b = new byte[in.data.readInt()];
                in.data.readFully(b);
                events = EVENTS.deserializer().deserialize(null, b);
            }
            return new Routed(ref, alert, ack, events);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static final class Out {
        final Bytes data = new Bytes();
        final Bytes bytes = data;

        void string(String s) throws IOException {
            if (s == null) {
                data.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            data.writeInt(b.length);
            data.write(b);
        }

        void strings(Collection<String> ss) throws IOException {
            data.writeInt(ss.size());
            for (String s : ss) {
                string(s);
            }
        }

        void map(Map<String, String> m) throws IOException {
            data.writeInt(m.size());
            for (Map.Entry<String, String> e : m.entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
        }

        /** Null as a negative second count that no Instant here has (Long.MIN_VALUE). */
        void instant(Instant t) throws IOException {
            data.writeLong(t == null ? Long.MIN_VALUE : t.getEpochSecond());
            data.writeInt(t == null ? 0 : t.getNano());
        }

        void duration(Duration d) throws IOException {
            data.writeLong(d == null ? Long.MIN_VALUE : d.getSeconds());
            data.writeInt(d == null ? 0 : d.getNano());
        }

        void ref(GroupRef r) throws IOException {
            string(r.receiver());
            string(r.groupKey());
            map(r.groupLabels().map());
            duration(r.timing().groupWait());
            duration(r.timing().groupInterval());
            duration(r.timing().repeatInterval());
            duration(r.timing().resolveWait());
            string(r.escalation());
            strings(r.muting().mute());
            strings(r.muting().active());
        }

        void header(AlertGroup g) throws IOException {
            ref(g.ref());
            instant(g.opened());
            instant(g.toldAt());
            instant(g.flushedAt());
            data.writeInt(g.sequence());
            instant(g.due());
            ack(g.ack());
            data.writeBoolean(g.ackTold());
            Escalation e = g.escalation();
            data.writeBoolean(e != null);
            if (e != null) {
                string(e.policy());
                instant(e.startedAt());
                data.writeInt(e.nextStep());
                instant(e.nextDue());
                strings(e.notified());
                data.writeBoolean(e.stopped());
            }
        }

        void ack(Acknowledgement a) throws IOException {
            data.writeBoolean(a != null);
            if (a != null) {
                string(a.by());
                string(a.comment());
                instant(a.at());
            }
        }

        void alert(Alert a) throws IOException {
            data.writeBoolean(a != null);
            if (a != null) {
                map(a.labels().map());
                map(a.annotations());
                data.writeByte(a.state().ordinal());
                data.writeDouble(a.value());
                instant(a.startsAt());
                instant(a.endsAt());
                string(a.source());
                string(a.ruleVersion());
                string(a.generatorURL());
                string(a.ruleFile());
                data.writeInt(a.ruleLine());
            }
        }
    }

    private static final class In {
        final Reading data;

        In(byte[] value, byte kind) {
            if (value.length < 2 || value[0] != VERSION || value[1] != kind) {
                throw new IllegalArgumentException("not a version " + VERSION + " group " + (char) kind + " value");
            }
            data = new Reading(ByteBuffer.wrap(value, 2, value.length - 2));
        }

        String string() throws IOException {
            int n = data.readInt();
            if (n < 0) {
                return null;
            }
            ByteBuffer buf = data.need(n);
            String s = Canonical.string(buf.array(), buf.arrayOffset() + buf.position(), n);
            buf.position(buf.position() + n);
            return s;
        }

        List<String> strings() throws IOException {
            int n = data.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(string());
            }
            return out;
        }

        TreeMap<String, String> map() throws IOException {
            int n = data.readInt();
            TreeMap<String, String> out = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                out.put(string(), string());
            }
            return out;
        }

        Instant instant() throws IOException {
            long s = data.readLong();
            int nanos = data.readInt();
            return s == Long.MIN_VALUE ? null : Instant.ofEpochSecond(s, nanos);
        }

        Duration duration() throws IOException {
            long s = data.readLong();
            int nanos = data.readInt();
            return s == Long.MIN_VALUE ? null : Duration.ofSeconds(s, nanos);
        }

        GroupRef ref() throws IOException {
            return new GroupRef(
                    string(),
                    string(),
                    new Labels(map()),
                    Canonical.value(new RouteTiming(duration(), duration(), duration(), duration())),
                    string(),
                    Canonical.value(new TimeMuting(strings(), strings())));
        }

        /** The group with no alerts and nothing told, to be filled from its members. */
        AlertGroup header() throws IOException {
            GroupRef ref = ref();
            Instant opened = instant();
            Instant toldAt = instant();
            Instant flushedAt = instant();
            int sequence = data.readInt();
            Instant due = instant();
            Acknowledgement ack = ack();
            boolean ackTold = data.readBoolean();
            Escalation esc = data.readBoolean()
                    ? new Escalation(
                            string(),
                            instant(),
                            data.readInt(),
                            instant(),
                            new TreeSet<>(strings()),
                            data.readBoolean())
                    : null;
            return new AlertGroup(ref, opened, null, null, toldAt, flushedAt, sequence, due, ack, ackTold, esc);
        }

        Acknowledgement ack() throws IOException {
            return data.readBoolean() ? new Acknowledgement(string(), string(), instant()) : null;
        }

        Alert alert() throws IOException {
            return data.readBoolean()
                    ? new Alert(
                            new Labels(map()),
                            map(),
                            AlertState.values()[data.readByte()],
                            data.readDouble(),
                            instant(),
                            instant(),
                            string(),
                            string(),
                            string(),
                            string(),
                            data.readInt())
                    : null;
        }
    }
}
