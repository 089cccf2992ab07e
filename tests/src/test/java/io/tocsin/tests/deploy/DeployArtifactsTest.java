package io.tocsin.tests.deploy;

import static io.tocsin.tests.deploy.Artifacts.list;
import static io.tocsin.tests.deploy.Artifacts.map;
import static io.tocsin.tests.deploy.Artifacts.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.settings.Setting;
import io.tocsin.ingest.auth.ClientsFile;
import io.tocsin.ingest.collect.CollectorsConfig;
import io.tocsin.ingest.collect.CollectorsFile;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.rules.parse.RuleLoader;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ checked offline in mvn verify: every YAML and JSON file parses; the Kubernetes manifests,
 * the compose file and the systemd units pass their own tools where those run here, and a
 * structural check where they do not; every environment variable they set is a Setting (or a
 * secret a shipped config file names, or the JVM's JAVA_TOOL_OPTIONS); the config files they
 * mount load as the services would load them.
 */
class DeployArtifactsTest {
    private static final Path K8S = Artifacts.DEPLOY.resolve("k8s");
    private static final Path COMPOSE = Artifacts.DEPLOY.resolve("compose").resolve("compose.yml");
    private static final Path SYSTEMD = Artifacts.DEPLOY.resolve("systemd");
    private static final Set<String> TOCSIN_SERVICES = Set.of("ingest", "rules", "notifier", "watchdog");
    private static final Map<String, String> PORTS = Map.of("ingest", "9470", "rules", "9471", "notifier", "9472");

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> yaml = Artifacts.files(".yml", ".yaml");
        assertTrue(yaml.size() >= 12, yaml.toString());
        yaml.forEach(Artifacts::documents); // throws ConfigException with file:line:col
        List<Path> json = Artifacts.files(".json");
        assertFalse(json.isEmpty());
        json.forEach(f -> new JsonObject(Artifacts.read(f)));
    }

    @Test
    void theKubernetesManifestsBuildAndDryRunWhereKubectlCan() {
        var kustomize = Artifacts.run(List.of("kubectl", "kustomize", "deploy/k8s"));
        if (kustomize.isEmpty()) {
            System.out.println("SKIPPED kubectl checks: kubectl is not on the PATH (structural checks still run)");
            return;
        }
        assertEquals(0, kustomize.get().status(), kustomize.get().output());
        var dryRun =
                Artifacts.run(List.of("kubectl", "apply", "--dry-run=client", "--validate=false", "-k", "deploy/k8s"));
        String out = dryRun.orElseThrow().output();
        if (dryRun.get().status() != 0 && out.contains("connection refused")) {
            // kubectl's client dry-run still maps kinds through the API server's discovery.
            System.out.println("SKIPPED kubectl apply --dry-run=client: no Kubernetes API server reachable"
                    + " (kubectl kustomize built the manifests offline)");
            return;
        }
        assertEquals(0, dryRun.get().status(), out);
    }

    @Test
    void everyWorkloadIsProbedOnItsRealHealthPathsAndGuardedByADisruptionBudget() {
        List<Object> docs = new ArrayList<>();
        Artifacts.files(".yaml").stream()
                .filter(p -> p.startsWith(K8S) && !p.endsWith("kustomization.yaml"))
                .forEach(p -> docs.addAll(Artifacts.documents(p)));
        Set<String> pdbs = new TreeSet<>();
        Set<String> configMaps = new TreeSet<>();
        Set<String> workloads = new TreeSet<>();
        for (Object d : docs) {
            if (!"Namespace".equals(string(d, "kind"))) {
                assertEquals("tocsin", string(map(d, "metadata"), "namespace"), "namespace of " + d);
            }
            String kind = string(d, "kind");
            String name = string(map(d, "metadata"), "name");
            switch (kind) {
                case "PodDisruptionBudget" ->
                    pdbs.add(string(map(map(map(d, "spec"), "selector"), "matchLabels"), "app"));
                case "ConfigMap" -> configMaps.add(name);
                case "StatefulSet", "Deployment" -> workloads.add(checkWorkload(kind, name, d));
                default -> {}
            }
        }
        assertEquals(Set.of("tocsin-ingest", "tocsin-rules", "tocsin-notifier", "tocsin-watchdog"), workloads);
        assertEquals(Set.of("tocsin-ingest", "tocsin-rules", "tocsin-notifier"), pdbs);
        assertTrue(
                configMaps.containsAll(Set.of("tocsin-settings", "tocsin-routing", "tocsin-rules", "tocsin-ingest")));
    }

    /** Returns the workload's name after checking its kind, selector, probes and ports. */
    private static String checkWorkload(String kind, String name, Object d) {
        Map<String, Object> spec = map(d, "spec");
        Map<String, Object> template = map(spec, "template");
        assertEquals(map(map(spec, "selector"), "matchLabels"), map(map(template, "metadata"), "labels"), name);
        Object container = list(map(template, "spec"), "containers").get(0);
        String service = name.substring("tocsin-".length());
        if (PORTS.containsKey(service)) {
            assertEquals(service.equals("ingest") ? "Deployment" : "StatefulSet", kind, name);
            String port = PORTS.get(service);
            assertEquals("/health", string(map(map(container, "readinessProbe"), "httpGet"), "path"), name);
            assertEquals(port, string(map(map(container, "readinessProbe"), "httpGet"), "port"), name);
            assertEquals("/health/live", string(map(map(container, "livenessProbe"), "httpGet"), "path"), name);
            List<Object> args = list(container, "args");
            assertEquals(service, args.get(0), "ServiceMain's command of " + name);
            assertEquals(port, args.get(args.indexOf("--port") + 1), name);
            if (kind.equals("StatefulSet")) {
                assertEquals(
                        "state", string(map(list(spec, "volumeClaimTemplates").get(0), "metadata"), "name"));
                assertTrue(args.get(args.indexOf("--state-dir") + 1).toString().startsWith("/var/lib/tocsin/"), name);
            }
        }
        return name;
    }

    @Test
    void theComposeFileHasThreeBrokersAndEveryServiceWithItsDataInVolumes() {
        var config = Artifacts.run(List.of("docker", "compose", "version"));
        if (config.isPresent() && config.get().status() == 0) {
            var run = Artifacts.run(
                    List.of("docker", "compose", "-f", COMPOSE.toString().substring(3), "config", "-q"));
            assertEquals(0, run.orElseThrow().status(), run.get().output());
        } else {
            System.out.println("SKIPPED docker compose config: no docker CLI with compose here; structural check only");
        }
        Object compose = Artifacts.documents(COMPOSE).get(0);
        Map<String, Object> services = map(compose, "services");
        Set<String> declared = map(compose, "volumes").keySet();
        Set<String> nodeIds = new TreeSet<>();
        for (var e : services.entrySet()) {
            Object s = e.getValue();
            assertTrue(string(s, "image") != null, e.getKey() + " has an image");
            for (Object v : list(s, "volumes")) {
                String source = v.toString().split(":")[0];
                assertTrue(
                        source.startsWith(".") || declared.contains(source),
                        e.getKey() + ": volume " + source + " is declared");
                if (source.startsWith(".")) {
                    assertTrue(
                            Files.exists(COMPOSE.getParent().resolve(source)), e.getKey() + ": " + source + " exists");
                }
            }
            if (e.getKey().startsWith("kafka-")) {
                assertTrue(string(s, "image").startsWith("apache/kafka:"), e.getKey());
                nodeIds.add(string(map(s, "environment"), "KAFKA_NODE_ID"));
                assertEquals("2", string(map(s, "environment"), "KAFKA_MIN_INSYNC_REPLICAS"));
            }
        }
        assertEquals(Set.of("1", "2", "3"), nodeIds, "three brokers");
        assertTrue(
                services.keySet().containsAll(TOCSIN_SERVICES),
                services.keySet().toString());
        for (String stateful : List.of("rules", "notifier")) {
            assertTrue(
                    list(services.get(stateful), "volumes").stream()
                            .anyMatch(v -> v.toString().equals(stateful + "-state:/var/lib/tocsin")),
                    stateful + " keeps its Streams state in a volume");
        }
    }

    @Test
    void theSystemdUnitsVerify() throws IOException {
        List<Path> units;
        try (var s = Files.list(SYSTEMD)) {
            units = s.filter(p ->
                            p.toString().endsWith(".service") || p.toString().endsWith(".target"))
                    .sorted()
                    .toList();
        }
        assertEquals(6, units.size(), units.toString());
        for (Path unit : units) {
            String text = Artifacts.read(unit);
            assertTrue(text.contains("[Unit]") && text.contains("[Install]"), unit.toString());
            if (unit.toString().endsWith(".service")) {
                assertTrue(text.contains("ExecStart=") && text.contains("Restart=on-failure"), unit.toString());
                if (unit.getFileName().toString().startsWith("tocsin-") && !unit.endsWith("tocsin-kafka.service")) {
                    assertTrue(text.contains("EnvironmentFile=/etc/tocsin/tocsin.env"), unit.toString());
                }
            }
        }
        var verify = Artifacts.run(List.of("systemd-analyze", "--version"));
        if (verify.isEmpty()) {
            System.out.println("SKIPPED systemd-analyze verify: not installed; structural check only");
            return;
        }
        for (Path unit : units) {
            var r = Artifacts.run(List.of(
                            "systemd-analyze", "verify", unit.toAbsolutePath().toString()))
                    .orElseThrow();
            // Kafka and the JVM are installed on the target machine, not here.
            String problems = Arrays.stream(r.output().split("\n"))
                    .filter(l -> !l.isBlank() && !l.contains("is not executable: No such file or directory"))
                    .collect(Collectors.joining("\n"));
            assertEquals("", problems, unit + ": systemd-analyze verify");
        }
    }

    @Test
    void everyVariableTheArtifactsSetIsASettingOrANamedSecret() {
        Set<String> known = new TreeSet<>();
        Arrays.stream(Setting.values()).forEach(s -> known.add(s.name()));
        known.add("JAVA_TOOL_OPTIONS");
        Pattern secretRef = Pattern.compile("\\w+_env:\\s*([A-Z_][A-Z0-9_]*)");
        for (Path f : Artifacts.files(".yml", ".yaml")) {
            Matcher m = secretRef.matcher(Artifacts.read(f));
            while (m.find()) {
                known.add(m.group(1));
            }
        }
        Set<String> set = new TreeSet<>();
        map(Artifacts.documents(COMPOSE).get(0), "services").forEach((name, s) -> {
            if (TOCSIN_SERVICES.contains(name)) {
                set.addAll(map(s, "environment").keySet());
            }
        });
        set.addAll(envFile(Artifacts.DEPLOY.resolve("compose").resolve("tocsin.env.example")));
        set.addAll(envFile(SYSTEMD.resolve("tocsin.env")));
        Pattern unitEnv = Pattern.compile("(?m)^Environment=([A-Z_][A-Z0-9_]*)=");
        for (String unit : List.of("ingest", "rules", "notifier", "watchdog")) {
            Matcher m = unitEnv.matcher(Artifacts.read(SYSTEMD.resolve("tocsin-" + unit + ".service")));
            while (m.find()) {
                set.add(m.group(1));
            }
        }
        for (Path f : Artifacts.files(".yaml")) {
            if (f.startsWith(K8S)) {
                for (Object d : Artifacts.documents(f)) {
                    collectK8sEnv(d, set);
                }
            }
        }
        assertTrue(set.size() > 25, set.toString());
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "variables that no Tocsin code reads");
    }

    private static void collectK8sEnv(Object d, Set<String> out) {
        String kind = string(d, "kind");
        if ("Secret".equals(kind)) {
            out.addAll(map(d, "stringData").keySet());
        } else if ("ConfigMap".equals(kind) && "tocsin-settings".equals(string(map(d, "metadata"), "name"))) {
            out.addAll(map(d, "data").keySet());
        } else if ("Deployment".equals(kind) || "StatefulSet".equals(kind)) {
            for (Object c : list(map(map(d, "spec"), "template").get("spec"), "containers")) {
                list(c, "env").forEach(e -> out.add(string(e, "name")));
            }
        }
    }

    private static Set<String> envFile(Path file) {
        return Arrays.stream(Artifacts.read(file).split("\n"))
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theConfigFilesTheArtifactsMountLoadAsTheServicesLoadThem(@TempDir Path tmp) throws IOException {
        NotifierConfig.load(Artifacts.DEPLOY.resolve("config").resolve("routing.yml"), Map.of());
        Map<String, String> tokens = Map.of(
                "PROMETHEUS_AM_TOKEN", "p".repeat(20),
                "ONCALL_TOKEN", "o".repeat(20),
                "WEB_INGEST_TOKEN", "w".repeat(20),
                "TOCSIN_WATCHDOG_INGEST_TOKEN", "d".repeat(20));
        assertEquals(
                2,
                ClientsFile.load(Artifacts.DEPLOY.resolve("config").resolve("ingest-tokens.yml"), tokens)
                        .size());
        assertEquals(
                2,
                ClientsFile.loadControlTokens(Artifacts.DEPLOY.resolve("config").resolve("control-tokens.yml"), tokens)
                        .size());
        assertEquals(
                3,
                CollectorsFile.load(Artifacts.DEPLOY.resolve("collectors.self.yml"), Map.of())
                        .http()
                        .size());

        // The Kubernetes ConfigMaps hold the same kinds of files: write them out and load them.
        for (Object d : Artifacts.documents(K8S.resolve("01-config.yaml"))) {
            for (var e : map(d, "data").entrySet()) {
                if (e.getKey().endsWith(".yml")) {
                    Files.writeString(tmp.resolve(e.getKey()), e.getValue().toString());
                }
            }
        }
        NotifierConfig.load(tmp.resolve("routing.yml"), Map.of());
        assertEquals(
                2, ClientsFile.load(tmp.resolve("ingest-tokens.yml"), tokens).size());
        assertEquals(
                2,
                ClientsFile.loadControlTokens(tmp.resolve("control-tokens.yml"), tokens)
                        .size());
        CollectorsConfig self = CollectorsFile.load(tmp.resolve("collectors.yml"), Map.of());
        assertEquals(5, self.http().size());

        Object rules = Artifacts.documents(K8S.resolve("03-rules.yaml")).get(0);
        assertEquals(
                Artifacts.read(Path.of("..", "rules-examples", "tocsin-self", "tocsin-self.rules.yml")),
                string(map(rules, "data"), "tocsin-self.rules.yml"),
                "the rules ConfigMap ships the tocsin-self pack unchanged");
        Path rulesDir = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(
                rulesDir.resolve("tocsin-self.rules.yml"), string(map(rules, "data"), "tocsin-self.rules.yml"));
        assertTrue(RuleLoader.load(rulesDir).errors().isEmpty());
    }
}
