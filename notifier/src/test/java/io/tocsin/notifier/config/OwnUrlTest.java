package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default externalURL: the notifier's own address, as Alertmanager's is its own. */
class OwnUrlTest {
    private static final String CONFIG = """
            route:
              receiver: team
            receivers:
              - name: team
                webhook_configs: [{url: 'http://127.0.0.1:1/team'}]
            """;

    @Test
    void aListenAddressIsItsOwnUrl() {
        assertEquals("http://127.0.0.1:9472", OwnUrl.of("127.0.0.1", 9472));
        assertEquals("http://notifier.internal:80", OwnUrl.of("notifier.internal", 80));
        assertEquals("http://[::1]:9472", OwnUrl.of("::1", 9472));
    }

    @Test
    void aWildcardAddressIsReplacedByTheMachinesName() {
        assertNotEquals("http://0.0.0.0:9472", OwnUrl.of("0.0.0.0", 9472));
        assertNotEquals("http://[::]:9472", OwnUrl.of("::", 9472));
    }

    @Test
    void theExternalUrlDefaultsToTheOwnUrlInLinksAndTemplates() {
        NotifierConfig c = ConfigSource.defaults(Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.invalid/x"))
                .load("http://127.0.0.1:9472");
        assertEquals("http://127.0.0.1:9472", c.links().externalUrl());
        SlackConfig slack = (SlackConfig) c.receivers().get("slack").channels().get(0);
        assertEquals("http://127.0.0.1:9472", slack.templates().externalUrl());
    }

    @Test
    void theSettingWinsOverTheOwnUrl() {
        assertEquals(
                "https://tocsin.example.com",
                ConfigSource.defaults(Map.of("TOCSIN_EXTERNAL_URL", "https://tocsin.example.com"))
                        .load("http://127.0.0.1:9472")
                        .links()
                        .externalUrl());
    }

    @Test
    void theFilesExternalUrlWinsOverBoth(@TempDir Path dir) throws Exception {
        Path file =
                Files.writeString(dir.resolve("notifier.yml"), "external_url: https://alerts.example.com\n" + CONFIG);
        assertEquals(
                "https://alerts.example.com",
                ConfigSource.file(file, Map.of("TOCSIN_EXTERNAL_URL", "https://tocsin.example.com"))
                        .load("http://127.0.0.1:9472")
                        .links()
                        .externalUrl());
    }
}
