package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollDeadlineTest {
    private static final long POLL_MS = 1_000;
    private static final long NOW = 50_000;

    /** Due moments as millis from now, separated by spaces; withdrawn ones likewise. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                   | due         | withdrawn | timeout | left
            nothing due: the poll blocks the whole poll.ms           | -           | -         | 1000    | 0
            a punctuation due sooner cuts the poll at its moment     | 40 700      | -         | 40      | 2
            one due after poll.ms does not lengthen the poll         | 5000        | -         | 1000    | 1
            a moment that has come returns at once and is dropped    | -3 0 40     | -         | 0       | 1
            a withdrawn punctuation no longer cuts the poll          | 40 700      | 40        | 700     | 1
            two punctuations due together: one withdrawn, one stays  | 40 40       | 40        | 40      | 1
            """)
    void thePollReturnsAtTheFirstDueMoment(String what, String due, String withdrawn, long timeout, int left) {
        PollDeadline deadline = new PollDeadline();
        if (due != null) {
            for (String d : due.split(" ")) {
                deadline.request(NOW + Long.parseLong(d));
            }
        }
        if (withdrawn != null) {
            for (String w : withdrawn.split(" ")) {
                deadline.withdraw(NOW + Long.parseLong(w));
            }
        }
        assertEquals(timeout, deadline.timeoutMs(POLL_MS, NOW), what);
        assertEquals(left, deadline.size(), what + ": moments left");
    }

    /** What the wrapped consumer was asked: method name and its first argument. */
    private final List<String> asked = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private final Consumer<byte[], byte[]> recorder = (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                asked.add(method.getName() + " " + (args == null ? "" : args[0]));
                return method.getName().equals("poll") ? ConsumerRecords.empty() : null;
            });

    @Test
    void theStreamThreadsPollEndsAtItsNextTimer() throws Exception {
        // On a thread of its own, as a stream thread's timers and poll are.
        Thread thread = new Thread(() -> {
            Consumer<byte[], byte[]> consumer = PollDeadline.cut(recorder);
            consumer.poll(Duration.ofMillis(100));
            long at = PollDeadline.ofThisThread().scheduledIn(60_000);
            consumer.poll(Duration.ofMinutes(5));
            PollDeadline.ofThisThread().withdraw(at);
            consumer.poll(Duration.ofMinutes(5));
        });
        thread.start();
        thread.join();

        assertEquals(3, asked.size(), asked.toString());
        assertEquals("poll PT0.1S", asked.get(0), "nothing due: poll.ms as asked");
        Duration cut = Duration.parse(asked.get(1).substring("poll ".length()));
        assertTrue(
                cut.compareTo(Duration.ofSeconds(60)) <= 0 && cut.compareTo(Duration.ofSeconds(59)) > 0,
                "a timer due in a minute cuts a 5-minute poll to a minute: " + cut);
        assertEquals("poll PT5M", asked.get(2), "the timer withdrawn: poll.ms again");
    }
}
