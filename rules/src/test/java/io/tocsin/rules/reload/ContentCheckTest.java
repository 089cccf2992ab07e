package io.tocsin.rules.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentCheckTest {
    private static final long T = 1_800_000_000_000L; // the look's wall clock
    private static final long OLD = T - 3_600_000; // an hour before: clear of any granularity

    private static DirectoryStamp stamp(String name, long size, long modifiedMs, long inode) {
        return new DirectoryStamp(List.of(new DirectoryStamp.FileStamp(
                Path.of("/rules", name), size, TimeUnit.MILLISECONDS.toNanos(modifiedMs), inode)));
    }

    private static final DirectoryStamp A = stamp("a.rules.yml", 100, OLD, 7);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("first look", null, T - 2_000, T - 2_000, A, T, ContentCheck.READ_FIRST),
                Arguments.of(
                        "nothing moved, last look clear, read 2 s ago",
                        A,
                        T - 2_000,
                        T - 2_000,
                        A,
                        T,
                        ContentCheck.TRUST_STAMPS),
                Arguments.of("nothing moved, read 58 s ago", A, T - 2_000, T - 58_000, A, T, ContentCheck.TRUST_STAMPS),
                Arguments.of(
                        "nothing moved, read a minute ago: read anyway",
                        A,
                        T - 2_000,
                        T - 60_000,
                        A,
                        T,
                        ContentCheck.READ_PERIODIC),
                Arguments.of(
                        "clock set back since the last read",
                        A,
                        T - 2_000,
                        T + 5_000,
                        A,
                        T,
                        ContentCheck.READ_PERIODIC),
                Arguments.of(
                        "size changed",
                        A,
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 101, OLD, 7),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                Arguments.of(
                        "touched",
                        A,
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 100, OLD + 1, 7),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                Arguments.of(
                        "replaced by a copy with the old time (mv over it)",
                        A,
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 100, OLD, 8),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                Arguments.of(
                        "renamed",
                        A,
                        T - 2_000,
                        T - 2_000,
                        stamp("b.rules.yml", 100, OLD, 7),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                Arguments.of(
                        "added",
                        A,
                        T - 2_000,
                        T - 2_000,
                        new DirectoryStamp(List.of(
                                A.files().get(0),
                                stamp("b.rules.yml", 1, OLD, 9).files().get(0))),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                Arguments.of(
                        "removed",
                        A,
                        T - 2_000,
                        T - 2_000,
                        new DirectoryStamp(List.of()),
                        T,
                        ContentCheck.READ_LISTING_CHANGED),
                // the last look saw a file modified 1.5 s before it: a same-size edit after that look
                // and within the same 2 s tick has the very same stamp
                Arguments.of(
                        "modified within the granularity of the last look",
                        stamp("a.rules.yml", 100, T - 3_500, 7),
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 100, T - 3_500, 7),
                        T,
                        ContentCheck.READ_RACY),
                Arguments.of(
                        "modified just over the granularity before the last look",
                        stamp("a.rules.yml", 100, T - 4_000, 7),
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 100, T - 4_000, 7),
                        T,
                        ContentCheck.TRUST_STAMPS),
                Arguments.of(
                        "modified after the last look by the file system's clock",
                        stamp("a.rules.yml", 100, T + 10_000, 7),
                        T - 2_000,
                        T - 2_000,
                        stamp("a.rules.yml", 100, T + 10_000, 7),
                        T,
                        ContentCheck.READ_RACY),
                Arguments.of(
                        "an empty directory stays empty",
                        new DirectoryStamp(List.of()),
                        T - 2_000,
                        T - 2_000,
                        new DirectoryStamp(List.of()),
                        T,
                        ContentCheck.TRUST_STAMPS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(
            String why,
            DirectoryStamp last,
            long lastLookMs,
            long lastReadMs,
            DirectoryStamp now,
            long nowMs,
            ContentCheck expected) {
        assertEquals(expected, ContentCheck.decide(last, lastLookMs, lastReadMs, now, nowMs), why);
    }
}
