package io.tocsin.notifier.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data in Alertmanager's template.Data JSON, the format amtool template render reads. */
final class Fixtures {
    private Fixtures() {}

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/template/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TemplateData data(String name) {
        try {
            JsonNode j = new ObjectMapper().readTree(resource(name));
            List<TemplateAlert> alerts = new ArrayList<>();
            for (JsonNode a : j.get("alerts")) {
                alerts.add(new TemplateAlert(
                        a.get("status").asText(),
                        kv(a.get("labels")),
                        kv(a.get("annotations")),
                        Instant.parse(a.get("startsAt").asText()),
                        Instant.parse(a.get("endsAt").asText()),
                        a.get("generatorURL").asText(),
                        a.get("fingerprint").asText()));
            }
            return new TemplateData(
                    j.get("receiver").asText(),
                    j.get("status").asText(),
                    new AlertList(alerts),
                    kv(j.get("groupLabels")),
                    kv(j.get("commonLabels")),
                    kv(j.get("commonAnnotations")),
                    j.get("externalURL").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KV kv(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return new KV(m);
    }
}
