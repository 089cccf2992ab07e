package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinksConfigTest {
    private static final String ROUTES = """
            route:
              receiver: console
            receivers:
              - name: console
                console_configs: [{}]
            """;

    private static NotifierConfig parse(String top, Map<String, String> env) {
        return NotifierConfig.parse(top + ROUTES, "notifier.yml", env);
    }

    @Test
    void withNothingConfiguredThereIsNoExternalUrlAndNoLinks() {
        LinksConfig links = parse("", Map.of()).links();
        assertEquals("", links.externalUrl());
        assertNull(links.ackSecret());
    }

    @Test
    void theExternalUrlComesFromTheFileOrElseTheEnvironment() {
        assertEquals(
                "https://tocsin.example.org",
                parse(
                                "external_url: https://tocsin.example.org\n",
                                Map.of(LinksConfig.EXTERNAL_URL_ENV, "https://other.example.org"))
                        .links()
                        .externalUrl());
        assertEquals(
                "https://other.example.org",
                parse("", Map.of(LinksConfig.EXTERNAL_URL_ENV, "https://other.example.org"))
                        .links()
                        .externalUrl());
    }

    @Test
    void ackLinksReadTheirSecretFromTheEnvironmentAndTheirExpiry() {
        LinksConfig links = parse("""
                external_url: https://tocsin.example.org
                ack_links:
                  secret_env: ACK_SECRET
                  expires_after: 2h
                """, Map.of("ACK_SECRET", "s3cr3t-value")).links();
        assertEquals("s3cr3t-value", links.ackSecret().reveal());
        assertEquals(Duration.ofHours(2), links.ackExpiry());
        assertFalse(links.toString().contains("s3cr3t-value"), "the secret never shows in a toString");
    }

    @Test
    void ackLinksWithoutAnExternalUrlAreAnErrorAtTheirLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                ack_links:
                  secret_env: ACK_SECRET
                """, Map.of("ACK_SECRET", "s3cr3t-value")));
        assertTrue(e.getMessage().contains("notifier.yml:2:3: ack_links need external_url"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-value"));
    }

    @Test
    void anExternalUrlThatIsNotHttpIsAnError() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> parse("external_url: tocsin.example.org\n", Map.of()));
        assertTrue(e.getMessage().contains("notifier.yml:1:15: external_url must be an http(s) URL"), e.getMessage());
    }

    @Test
    void ackLinksNeedTheirSecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                external_url: https://tocsin.example.org
                ack_links:
                  expires_after: 1h
                """, Map.of()));
        assertTrue(
                e.getMessage().contains("ack_links needs exactly one of secret, secret_file, secret_env"),
                e.getMessage());
    }

    @Test
    void theRunbookBaseComesFromTheFileOrElseTheEnvironmentAndIsEmptyByDefault() {
        assertEquals("", parse("", Map.of()).links().runbookBaseUrl());
        assertEquals(
                "https://github.com/acme/ops/blob/main/",
                parse(
                                "runbook_base_url: https://github.com/acme/ops/blob/main/\n",
                                Map.of("TOCSIN_RUNBOOK_BASE_URL", "https://other.example.org/"))
                        .links()
                        .runbookBaseUrl());
        assertEquals(
                "https://other.example.org/",
                parse("", Map.of("TOCSIN_RUNBOOK_BASE_URL", "https://other.example.org/"))
                        .links()
                        .runbookBaseUrl());
    }

    @Test
    void aRunbookBaseThatIsNotHttpIsAnError() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> parse("runbook_base_url: github.com/acme/ops\n", Map.of()));
        assertTrue(
                e.getMessage().contains("notifier.yml:1:19: runbook_base_url must be an http(s) URL"), e.getMessage());
    }
}
