package io.tocsin.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;

/** What {@code tocsin version} prints: Tocsin's version from the build, the JVM's and the Kafka client's. */
public record BuildInfo(String tocsin, String java, String kafkaClient) {

    public static BuildInfo current() {
        return new BuildInfo(
                tocsinVersion(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                AppInfoParser.getVersion());
    }

    public String[] lines() {
        return new String[] {"tocsin " + tocsin, "java " + java, "kafka-clients " + kafkaClient};
    }

    /** The Maven project version, written into build.properties by resource filtering. */
    static String tocsinVersion() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/tocsin/server/build.properties")) {
            if (in == null) {
                return "unknown (build.properties missing: not built by Maven)";
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    /** For {@code tocsin --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return current().lines();
        }
    }
}
