package io.tocsin.tests.bench.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the idle-cost driver reads from /proc and jcmd, and how it names thread kinds. */
class IdleReadingTest {

    @Test
    void cpuIsUserPlusSystemTicksEvenWhenTheThreadNameHasSpacesAndParentheses() {
        String stat = "4242 (kafka-producer-network-thread | a (b)) S 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 1 0";

        assertEquals(1234 + 56, ProcCpu.ticks(stat));
        assertEquals("kafka-producer-network-thread | a (b)", ProcCpu.comm(stat));
    }

    @Test
    void jcmdThreadHeadersGiveEachThreadIdItsFullName() {
        String dump = """
                "tocsin-notifier-1f0e-StreamThread-1" #61 prio=5 os_prio=0 cpu=1520.12ms elapsed=95.1s tid=0x00007f nid=0x1a2b runnable
                "C2 CompilerThread0" #7 daemon prio=9 os_prio=0 cpu=3000ms elapsed=95s tid=0x00007e nid=0x10 waiting on condition
                "GC Thread#0" os_prio=0 cpu=80ms elapsed=95s tid=0x00007d nid=0x11 runnable
                """;

        assertEquals(
                Map.of(0x1a2b, "tocsin-notifier-1f0e-StreamThread-1", 0x10, "C2 CompilerThread0", 0x11, "GC Thread#0"),
                JvmThreadNames.parse(dump));
    }

    @Test
    void threadsOfOneKindDifferOnlyByNumbersAndIds() {
        assertEquals(
                "tocsin-rules-vN-<id>-StreamThread-N",
                Window.kind("tocsin-rules-v5-0c1d2e3f-0000-4aaa-8bbb-0123456789ab-StreamThread-1"));
        assertEquals("vert.x-eventloop-thread-N", Window.kind("vert.x-eventloop-thread-3"));
        assertEquals("C2 CompilerThreadN", Window.kind("C2 CompilerThread0"));
        assertEquals("G1 Conc#N", Window.kind("G1 Conc#0"));
    }
}
