package io.tocsin.server.cli.startup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where the Kafka clients' and Streams' own lines go in {@code up}: to a file under the data
 * directory, so that the console shows Tocsin's lines only (at a first start, Kafka warns about
 * topics it is still creating and leaders it has not elected yet: noise to a person, evidence
 * in a post-mortem). {@code --verbose} keeps them on the console as well, at INFO.
 */
public final class KafkaLogs {
    /** The loggers of the Kafka client, Streams and broker code running in this JVM. */
    static final List<String> KAFKA = List.of("org.apache.kafka", "kafka", "state.change.logger");

    private KafkaLogs() {}

    /** Sends Kafka's lines to {@code file} (appended); with {@code verbose} to the console too. */
    public static void toFile(Path file, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration decides
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("KAFKA_FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        for (String name : KAFKA) {
            Logger logger = context.getLogger(name);
            logger.addAppender(appender);
            logger.setAdditive(verbose);
            if (verbose) {
                logger.setLevel(Level.INFO);
            }
        }
    }
}
