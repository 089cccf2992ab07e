package io.tocsin.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.ops.auth.ControlToken;
import io.tocsin.ops.auth.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientsFileTest {
    private static final Map<String, String> ENV = Map.of("WEB_TOKEN", "web-token-0123456789abcdef");

    @Test
    void readsEveryFieldAndTakesTokensFromEnvFileOrInline(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("batch.token"), "batch-token-0123456789abcdef\n");
        Path file = dir.resolve("clients.yml");
        Files.writeString(file, """
                clients:
                  - name: web
                    token_env: WEB_TOKEN
                    labels: {job: "web|api", __name__: "http_.*"}
                    rate_limit: {per_second: 500, burst: 1000}
                    max_series: 100
                  - name: batch
                    token_file: batch.token
                  - name: test
                    token: inline-token-0123456789
                    rate_limit: {per_second: 10}
                """);
        List<Client> clients = ClientsFile.load(file, ENV);
        assertEquals(
                List.of("web", "batch", "test"),
                clients.stream().map(Client::name).toList());
        Client web = clients.get(0);
        assertEquals("web-token-0123456789abcdef", web.token().reveal());
        assertEquals(new RateLimit(500, 1000), web.rate());
        assertEquals(100, web.maxSeries());
        assertEquals(null, web.labels().problem("http_requests_total", io.tocsin.core.wire.Labels.of("job", "api")));
        assertEquals("batch-token-0123456789abcdef", clients.get(1).token().reveal(), "relative to the file, stripped");
        assertEquals(RateLimit.UNLIMITED, clients.get(1).rate());
        assertEquals(new RateLimit(10, 10), clients.get(2).rate(), "burst defaults to one second's worth");
    }

    @Test
    void theControlTokensFileHasTheSameFormatWithScopes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("control.yml");
        Files.writeString(file, """
                clients:
                  - name: prometheus
                    token_env: WEB_TOKEN
                    scopes: [write]
                  - name: oncall
                    token: oncall-token-0123456789
                    scopes: [read, write]
                """);
        List<ControlToken> tokens = ClientsFile.loadControlTokens(file, ENV);
        assertEquals(
                List.of(
                        new ControlToken("prometheus", tokens.get(0).token(), Set.of(Scope.WRITE)),
                        new ControlToken("oncall", tokens.get(1).token(), Set.of(Scope.READ, Scope.WRITE))),
                tokens);
        assertEquals("web-token-0123456789abcdef", tokens.get(0).token().reveal());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no scopes      | '- {name: a, token: a-token-0123456789}'                       | control.yml:2:5: a client needs 'scopes'",
                "unknown scope  | '- {name: a, token: a-token-0123456789, scopes: [admin]}'      | control.yml:2:51: scopes: 'admin' is not a scope (read, write)",
                "empty scopes   | '- {name: a, token: a-token-0123456789, scopes: []}'           | control.yml:2:50: scopes is empty: give read, write or both",
                "ingest limits  | '- {name: a, token: a-token-0123456789, scopes: [read], max_series: 3}' | control.yml:2:58: unknown field 'max_series' in a client (known: name, scopes, token, token_env, token_file)",
                "short token    | '- {name: a, token: short, scopes: [read]}'                    | control.yml:2:22: token from inline is shorter than 16 characters",
            })
    void controlTokenMistakesAreReportedAtFileLineColumn(String why, String item, String message) {
        String yaml = "clients:\n  " + item + "\n";
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ClientsFile.readControlTokens(YamlLoader.parse(yaml, "control.yml"), ENV, null));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void mistakesAreReportedAtFileLineColumn(String why, String yaml, String message) {
        ConfigException e = assertThrows(
                ConfigException.class, () -> ClientsFile.read(YamlLoader.parse(yaml, "clients.yml"), ENV, null));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("0123456789"), "a token never appears in an error");
    }

    static Stream<Arguments> mistakesAreReportedAtFileLineColumn() {
        return Stream.of(
                arguments("empty file", "", "clients.yml:1:1: the clients file must be a mapping, found nothing"),
                arguments(
                        "YAML syntax",
                        "clients: [\n",
                        "clients.yml:2:1: invalid YAML: expected the node content, but found '<stream end>'"),
                arguments(
                        "no clients key",
                        "client: []\n",
                        "clients.yml:1:1: unknown field 'client' in the clients file (known: clients)\nclients.yml:1:1: the clients file needs 'clients'"),
                arguments(
                        "empty list",
                        "clients: []\n",
                        "clients.yml:1:10: clients is empty: list at least one client, or unset TOCSIN_INGEST_TOKENS_FILE to run open"),
                arguments(
                        "misspelt field",
                        """
                        clients:
                          - name: web
                            token_env: WEB_TOKEN
                            rate: {per_second: 1}
                        """,
                        "clients.yml:4:5: unknown field 'rate' in a client (known: labels, max_series, name, rate_limit, token, token_env, token_file)"),
                arguments("no name", "clients:\n  - token_env: WEB_TOKEN\n", "clients.yml:2:5: a client needs 'name'"),
                arguments(
                        "no token",
                        "clients:\n  - name: web\n",
                        "clients.yml:2:5: a client needs exactly one of token, token_env, token_file"),
                arguments(
                        "two tokens",
                        "clients:\n  - name: web\n    token_env: WEB_TOKEN\n    token: inline-token-0123456789\n",
                        "clients.yml:2:5: a client needs exactly one of token, token_env, token_file (got token, token_env)"),
                arguments(
                        "env not set",
                        "clients:\n  - {name: web, token_env: NOPE}\n",
                        "clients.yml:2:28: environment variable NOPE is not set"),
                arguments(
                        "short token",
                        "clients:\n  - {name: web, token: abc0123456789}\n",
                        "clients.yml:2:24: token from inline is shorter than 16 characters"),
                arguments(
                        "same name twice",
                        "clients:\n  - {name: web, token_env: WEB_TOKEN}\n  - {name: web, token: inline-token-0123456789}\n",
                        "clients.yml:3:5: client name 'web' is used twice"),
                arguments(
                        "bad pattern",
                        "clients:\n  - name: web\n    token_env: WEB_TOKEN\n    labels: {job: \"(web\"}\n",
                        "clients.yml:4:19: labels.job: not an RE2 pattern: error parsing regexp: missing closing ): `(web`"),
                arguments(
                        "bad label name",
                        "clients:\n  - name: web\n    token_env: WEB_TOKEN\n    labels: {a-b: x}\n",
                        "clients.yml:4:14: labels: invalid label name \"a-b\" (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "rate not a number",
                        "clients:\n  - name: web\n    token_env: WEB_TOKEN\n    rate_limit: {per_second: lots}\n",
                        "clients.yml:4:30: per_second must be a positive number, found 'lots'"),
                arguments(
                        "max_series zero",
                        "clients:\n  - name: web\n    token_env: WEB_TOKEN\n    max_series: 0\n",
                        "clients.yml:4:17: max_series must be a whole number, 1 or more, found '0'"));
    }
}
