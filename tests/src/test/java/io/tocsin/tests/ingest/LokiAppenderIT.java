package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.tests.KafkaBroker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * An application ships its logs to Tocsin by pointing the Loki4j logback appender at ingest's
 * Loki push URL, in either of Loki4j's formats, and the lines arrive in tocsin.logs.v1 with
 * their stream labels, order and structured metadata.
 */
@org.junit.jupiter.api.extension.ExtendWith(KafkaBroker.class)
class LokiAppenderIT {
    private static IngestOnBroker ingest;

    @BeforeAll
    static void start() throws Exception {
        ingest = IngestOnBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
    }

    @ParameterizedTest(name = "useProtobufApi={0}")
    @ValueSource(booleans = {false, true})
    void appenderLinesArriveInTheLogsTopic(boolean protobuf) throws Exception {
        String receiver = protobuf ? "loki_protobuf" : "loki_json";
        double before = ingest.acceptedRequests(receiver);
        String app = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        LoggerContext context = loggerContext(app, protobuf);
        Logger log = context.getLogger("checkout");
        log.info("order 1 placed");
        log.warn("authentication failed for user=alice");
        log.info("order 2 placed");
        context.stop(); // Loki4j sends what is still batched when it stops

        List<LogRecord> records = TopicReader.await(
                Topics.LOGS, LogRecord.class, r -> app.equals(r.labels().get("app")), 3, Duration.ofSeconds(30));
        records.sort(Comparator.comparingLong(LogRecord::timestampMs).thenComparingInt(LogRecord::nanos));
        assertEquals(
                List.of("INFO order 1 placed", "WARN authentication failed for user=alice", "INFO order 2 placed"),
                records.stream().map(LogRecord::line).toList());
        LogRecord warn = records.get(1);
        assertEquals("WARN", warn.labels().get("level"));
        assertEquals("checkout", warn.fields().get("logger"), "structured metadata becomes fields");
        assertTrue(ingest.acceptedRequests(receiver) > before, "pushed as " + receiver);
        long now = System.currentTimeMillis();
        assertTrue(Math.abs(now - warn.timestampMs()) < 60_000, "event time is the log call's time");
    }

    private static LoggerContext loggerContext(String app, boolean protobuf) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setName(app);
        context.putProperty("pushUrl", ingest.url("/loki/api/v1/push"));
        context.putProperty("app", app);
        context.putProperty("protobuf", String.valueOf(protobuf));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream("""
                <configuration>
                  <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
                    <http>
                      <url>${pushUrl}</url>
                      <useProtobufApi>${protobuf}</useProtobufApi>
                    </http>
                    <batch><timeoutMs>200</timeoutMs></batch>
                    <labels>
                      app = ${app}
                      level = %level
                    </labels>
                    <structuredMetadata>
                      logger = %logger
                    </structuredMetadata>
                    <message><pattern>%level %msg</pattern></message>
                  </appender>
                  <root level="INFO"><appender-ref ref="LOKI"/></root>
                </configuration>
                """.getBytes(StandardCharsets.UTF_8)));
        return context;
    }
}
