package io.tocsin.ingest.collect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Reads a {@link PostgresStatus} from one server over one JDBC connection, opened on first use,
 * reused by every later poll, and dropped after any failure so that the next poll reconnects.
 * Blocking: call it from a worker thread, one call at a time.
 */
final class PostgresReader implements AutoCloseable {
    static final String SERVER = """
            SELECT pg_is_in_recovery(),
                   current_setting('max_connections')::int,
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()))::float8
                   END""";
    // pg_current_wal_lsn() fails during recovery: only asked of a primary.
    static final String REPLICAS = """
            SELECT coalesce(application_name, ''), coalesce(host(client_addr), 'local'),
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::int8,
                   EXTRACT(EPOCH FROM write_lag)::float8, EXTRACT(EPOCH FROM flush_lag)::float8,
                   EXTRACT(EPOCH FROM replay_lag)::float8
            FROM pg_stat_replication ORDER BY 1, 2""";
    // Every state of every database, zeros included, so that a rule sees 0 rather than no data.
    static final String CONNECTIONS = """
            SELECT d.datname, s.state, coalesce(a.n, 0)
            FROM pg_database d
            CROSS JOIN (VALUES ('active'), ('idle'), ('idle in transaction'), ('idle in transaction (aborted)'),
                               ('fastpath function call'), ('disabled')) AS s(state)
            LEFT JOIN (SELECT datname, state, count(*) AS n FROM pg_stat_activity
                       WHERE state IS NOT NULL GROUP BY 1, 2) a ON a.datname = d.datname AND a.state = s.state
            WHERE NOT d.datistemplate
            ORDER BY 1, 2""";

    private final PostgresTarget target;
    private volatile Connection connection;

    PostgresReader(PostgresTarget target) {
        this.target = target;
    }

    PostgresStatus read() throws SQLException {
        try {
            Connection c = connection();
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(timeoutSeconds(target));
                boolean inRecovery;
                int maxConnections;
                double replayLag;
                try (ResultSet rs = st.executeQuery(SERVER)) {
                    rs.next();
                    inRecovery = rs.getBoolean(1);
                    maxConnections = rs.getInt(2);
                    replayLag = rs.getDouble(3);
                }
                List<PostgresStatus.Replica> replicas = new ArrayList<>();
                if (!inRecovery) {
                    try (ResultSet rs = st.executeQuery(REPLICAS)) {
                        while (rs.next()) {
                            replicas.add(new PostgresStatus.Replica(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getObject(3, Long.class),
                                    nullable(rs, 4),
                                    nullable(rs, 5),
                                    nullable(rs, 6)));
                        }
                    }
                }
                List<PostgresStatus.Connections> connections = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(CONNECTIONS)) {
                    while (rs.next()) {
                        connections.add(
                                new PostgresStatus.Connections(rs.getString(1), rs.getString(2), rs.getLong(3)));
                    }
                }
                return new PostgresStatus(inRecovery, maxConnections, replayLag, replicas, connections);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private Connection connection() throws SQLException {
        Connection c = connection;
        if (c == null) {
            c = new Driver().connect(url(target), properties(target));
            c.setAutoCommit(true);
            connection = c;
        }
        return c;
    }

    static String url(PostgresTarget t) {
        String host = t.host().contains(":") ? "[" + t.host() + "]" : t.host();
        return "jdbc:postgresql://" + host + ":" + t.port() + "/" + t.database();
    }

    /** Everything but the URL: the password travels here, never in a string that could be logged. */
    static Properties properties(PostgresTarget t) {
        int seconds = timeoutSeconds(t);
        Properties p = new Properties();
        p.setProperty("user", t.user());
        if (t.password() != null) {
            p.setProperty("password", t.password().reveal());
        }
        p.setProperty("sslmode", t.sslMode());
        p.setProperty("connectTimeout", String.valueOf(seconds));
        p.setProperty("loginTimeout", String.valueOf(seconds));
        // The server cancels a slow statement first; the socket timeout is the backstop for a
        // server that stopped answering altogether, so that no worker thread hangs on it.
        p.setProperty("options", "-c statement_timeout=" + t.timeout().toMillis());
        p.setProperty("socketTimeout", String.valueOf(seconds + 1));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("readOnly", "true");
        p.setProperty("ApplicationName", "tocsin-collector");
        return p;
    }

    /** pgjdbc counts its timeouts in whole seconds: round up, at least 1. */
    static int timeoutSeconds(PostgresTarget t) {
        return (int) Math.max(1, (t.timeout().toMillis() + 999) / 1000);
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // The connection is being thrown away because it failed; closing it can fail too.
            }
        }
    }
}
