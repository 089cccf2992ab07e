package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tocsin.core.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresReaderTest {

    private static PostgresTarget target(String host, Secret password, Duration timeout) {
        return new PostgresTarget(
                "db", host, 5433, "orders", "tocsin", password, "require", Duration.ofSeconds(15), timeout, Map.of());
    }

    @Test
    void thePasswordTravelsInThePropertiesNeverInTheUrl() {
        PostgresTarget t = target("db1", Secret.inline("s3cret-pass"), Duration.ofSeconds(5));
        String url = PostgresReader.url(t);
        Properties p = PostgresReader.properties(t);
        assertEquals("jdbc:postgresql://db1:5433/orders", url);
        assertFalse(url.contains("s3cret"));
        assertFalse(t.toString().contains("s3cret"), t.toString());
        assertEquals("s3cret-pass", p.getProperty("password"));
        assertEquals("tocsin", p.getProperty("user"));
        assertEquals("require", p.getProperty("sslmode"));
        assertEquals("-c statement_timeout=5000", p.getProperty("options"));
        assertEquals("5", p.getProperty("connectTimeout"));
        assertEquals(
                "6", p.getProperty("socketTimeout"), "the server cancels the statement before the socket gives up");
    }

    @Test
    void noPasswordPropertyWhenTheServerNeedsNone() {
        assertNull(PostgresReader.properties(target("db1", null, Duration.ofSeconds(5)))
                .getProperty("password"));
    }

    @Test
    void anIpv6HostIsBracketed() {
        assertEquals(
                "jdbc:postgresql://[::1]:5433/orders", PostgresReader.url(target("::1", null, Duration.ofSeconds(5))));
    }

    @ParameterizedTest(name = "{0} ms -> {1} s")
    @CsvSource({"1, 1", "999, 1", "1000, 1", "1001, 2", "5000, 5"})
    void pgjdbcTimeoutsAreWholeSecondsRoundedUp(long millis, int seconds) {
        assertEquals(seconds, PostgresReader.timeoutSeconds(target("db1", null, Duration.ofMillis(millis))));
    }
}
