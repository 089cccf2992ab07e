package io.tocsin.notifier.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.PlainYaml;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.route.RouteMatch;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tocsin routes test FILE...}: checks routing cases against a notifier config, the way
 * dispatch routes (one group per receiver, first route first). A file:
 * <pre>
 * config: notifier.yml            # relative to this file
 * tests:
 *   - name: critical db pages
 *     labels: {alertname: DbDown, severity: critical}
 *     receivers: [pager]          # in tree order
 *     group_keys: ['{}/{severity="critical"}:{alertname="DbDown"}']   # optional
 *     firing: [{alertname: DcDown, severity: critical}]                  # optional, for inhibition
 *     inhibited: false            # optional, default false
 * </pre>
 * Exit status 0 when every case passed, 1 when one failed, 2 when a file or its config is broken.
 */
public final class RoutesTestTool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutesTestTool() {}

    public static int run(String[] args, PrintStream out) {
        return run(args, out, System.getenv());
    }

    static int run(String[] args, PrintStream out, Map<String, String> env) {
        if (args.length == 0 || args[0].startsWith("-")) {
            out.println("usage: tocsin routes test FILE...");
            return 2;
        }
        int passed = 0;
        int failed = 0;
        boolean broken = false;
        for (String name : args) {
            Path file = Path.of(name);
            JsonNode doc;
            NotifierConfig config;
            try {
                doc = JSON.valueToTree(PlainYaml.of(YamlLoader.load(file, name)));
                if (doc == null
                        || !doc.path("config").isTextual()
                        || !doc.path("tests").isArray()) {
                    out.println(name + ": needs 'config' (a path) and 'tests' (a list)");
                    broken = true;
                    continue;
                }
                Path base = file.toAbsolutePath().getParent();
                config = NotifierConfig.load(base.resolve(doc.path("config").asText()), env);
            } catch (ConfigException e) {
                e.problems().forEach(p -> out.println(p));
                broken = true;
                continue;
            }
            int i = 0;
            for (JsonNode c : doc.path("tests")) {
                String caseName = c.path("name").asText("tests[" + i + "]");
                i++;
                String problem;
                try {
                    problem = check(config, c);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                if (problem == null) {
                    passed++;
                    out.println("  ok    " + caseName);
                } else {
                    failed++;
                    out.println("  FAIL  " + caseName + ": " + problem);
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return broken ? 2 : failed > 0 ? 1 : 0;
    }

    /** @return what is wrong with the case, or null when it holds */
    static String check(NotifierConfig config, JsonNode c) {
        Labels labels = labels(c.path("labels"), "labels");
        List<RouteMatch> matches = config.root().matchOncePerReceiver(labels);
        List<String> receivers = matches.stream().map(RouteMatch::receiver).toList();
        List<String> wantReceivers = strings(c.path("receivers"), "receivers");
        if (!receivers.equals(wantReceivers)) {
            return "receivers " + receivers + ", expected " + wantReceivers;
        }
        if (c.has("group_keys")) {
            List<String> keys = matches.stream().map(RouteMatch::groupKey).toList();
            List<String> want = strings(c.path("group_keys"), "group_keys");
            if (!keys.equals(want)) {
                return "group keys " + keys + ", expected " + want;
            }
        }
        List<Alert> firing = new ArrayList<>();
        for (JsonNode f : c.path("firing")) {
            firing.add(alert(labels(f, "firing[]")));
        }
        boolean inhibited = Inhibition.inhibited(config.inhibitRules(), alert(labels), firing, Instant.now());
        boolean wantInhibited = c.path("inhibited").asBoolean(false);
        if (inhibited != wantInhibited) {
            return inhibited ? "inhibited, expected not" : "not inhibited, expected inhibited";
        }
        return null;
    }

    private static Alert alert(Labels labels) {
        return new Alert(labels, Map.of(), AlertState.FIRING, Double.NaN, Instant.now(), null, "routes-test", "", "");
    }

    private static Labels labels(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a map of label names to values");
        }
        TreeMap<String, String> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return Labels.of(m);
    }

    private static List<String> strings(JsonNode node, String what) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
