package io.tocsin.tests.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL primary and a streaming replica made with pg_basebackup, on free ports under a
 * fresh directory, for the collector's end-to-end test. Skips the test (JUnit assumption, with the
 * reason) when the server binaries are missing. PostgreSQL refuses to run as root, so as root the
 * servers run as the {@code postgres} user through runuser. {@link #close()} stops both servers
 * and removes their data, also when the setup itself failed half way.
 */
final class PostgresPair implements AutoCloseable {
    static final String MONITOR_USER = "tocsin";
    static final int MAX_CONNECTIONS = 30;
    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "pg_basebackup", "postgres");

    private final Path bin;
    private final Path dir;
    private final List<String> asUser;
    final int primaryPort;
    final int replicaPort;
    final Path passwordFile;
    private final List<Path> started = new ArrayList<>();

    private PostgresPair(Path bin, Path dir, List<String> asUser) throws IOException {
        this.bin = bin;
        this.dir = dir;
        this.asUser = asUser;
        this.primaryPort = freePort();
        this.replicaPort = freePort();
        this.passwordFile = dir.resolve("monitor-password");
    }

    /** Both servers running, the replica streaming from the primary; skips the test when PostgreSQL is absent. */
    static PostgresPair start() throws Exception {
        Optional<Path> bin = findBinaries();
        Assumptions.assumeTrue(
                bin.isPresent(),
                "PostgreSQL server binaries (" + String.join(", ", TOOLS)
                        + ") not found in $TOCSIN_PG_BIN or /usr/lib/postgresql/*/bin: install Debian's postgresql package");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Assumptions.assumeTrue(
                    run(List.of("id", "-u", "postgres")) == 0,
                    "running as root and there is no 'postgres' user to run PostgreSQL as (it refuses root)");
        }
        Path dir = Files.createTempDirectory("tocsin-pg-");
        List<String> asUser = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        if (root && run(List.of("chown", "postgres", dir.toString())) != 0) {
            throw new IllegalStateException("cannot hand " + dir + " to the postgres user");
        }
        PostgresPair pair = new PostgresPair(bin.get(), dir, asUser);
        try {
            pair.setUp();
            return pair;
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
    }

    private void setUp() throws Exception {
        Path primary = dir.resolve("primary");
        Path replica = dir.resolve("replica");
        tool("initdb", "-D", primary.toString(), "-U", "postgres", "-A", "trust", "-N");
        append(primary.resolve("postgresql.conf"), """
                port = %d
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                max_connections = %d
                shared_buffers = 16MB
                fsync = off
                wal_level = replica
                max_wal_senders = 4
                wal_receiver_status_interval = 1s
                """.formatted(primaryPort, dir, MAX_CONNECTIONS));
        // The monitoring role logs in with a password (as it would in production); the test's own
        // superuser sessions and replication are trusted on loopback.
        asServerUser(Files.writeString(primary.resolve("pg_hba.conf"), """
                local all all trust
                host all %s 127.0.0.1/32 scram-sha-256
                host all all 127.0.0.1/32 trust
                host replication all 127.0.0.1/32 trust
                """.formatted(MONITOR_USER)));
        startServer(primary);
        String password = "monitor-" + Long.toHexString(System.nanoTime());
        Files.writeString(passwordFile, password + "\n");
        try (Connection c = connect(primaryPort);
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + MONITOR_USER + " LOGIN PASSWORD '" + password + "'");
            st.execute("GRANT pg_monitor TO " + MONITOR_USER);
        }
        tool(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(primaryPort),
                "-U",
                "postgres",
                "-D",
                replica.toString(),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "-N");
        append(replica.resolve("postgresql.conf"), "port = %d\n".formatted(replicaPort));
        startServer(replica);
        awaitStreaming();
    }

    /** A superuser session, trusted on loopback. */
    Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** Stops the primary as an operator would (fast shutdown); the replica keeps running. */
    void stopPrimary() throws Exception {
        tool("pg_ctl", "-D", dir.resolve("primary").toString(), "-m", "fast", "-w", "stop");
        started.remove(dir.resolve("primary"));
    }

    private void awaitStreaming() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = connect(primaryPort);
                Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the replica did not start streaming within 30 s; see " + dir + "/*.log");
    }

    private void startServer(Path data) throws Exception {
        tool("pg_ctl", "-D", data.toString(), "-l", data + ".log", "-w", "-t", "30", "start");
        started.add(data);
    }

    private void tool(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(bin.resolve(name).toString());
        cmd.addAll(List.of(args));
        Path log = dir.resolve("commands.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            String tail = Files.readString(log, StandardCharsets.UTF_8);
            throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "):\n"
                    + tail.substring(Math.max(0, tail.length() - 2000)));
        }
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
    }

    private Path asServerUser(Path file) throws IOException, InterruptedException {
        if (!asUser.isEmpty() && run(List.of("chown", "postgres", file.toString())) != 0) {
            throw new IOException("cannot hand " + file + " to the postgres user");
        }
        return file;
    }

    @Override
    public void close() throws Exception {
        for (Path data : List.copyOf(started)) {
            try {
                tool("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (Exception e) {
                System.err.println("could not stop the PostgreSQL server in " + data + ": " + e.getMessage());
            }
        }
        started.clear();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Optional<Path> findBinaries() throws IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("TOCSIN_PG_BIN");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                // Newest major version first: "15" before "9.6".
                versions.sorted(Comparator.comparingDouble(PostgresPair::version)
                                .reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            }
        }
        return candidates.stream()
                .filter(b -> TOOLS.stream().allMatch(t -> Files.isExecutable(b.resolve(t))))
                .findFirst();
    }

    private static double version(Path dir) {
        try {
            return Double.parseDouble(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
