package io.tocsin.rules.reload;

import io.tocsin.core.config.Problem;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleFiles;
import io.tocsin.rules.parse.RuleLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a rule directory when its content changes. The directory is validated as a whole: one
 * bad file rejects the whole change with its file:line:col reasons, and the rules already running
 * keep running. Called from a timer and from {@code POST /-/reload}; never concurrently.
 */
public final class RuleReloader {
    private static final Logger log = LoggerFactory.getLogger(RuleReloader.class);

    /** The result of one reload attempt. */
    public record Outcome(boolean applied, RuleChanges changes, List<Problem> errors) {
        static Outcome unchanged() {
            return new Outcome(false, null, List.of());
        }
    }

    private final Path dir;
    private final AtomicReference<RuleSet> rules;
    private final LongSupplier clock;
    private String lastDigest;
    /** What the last look saw of the files, when, and when their contents were last read: see {@link ContentCheck}. */
    private DirectoryStamp lastStamp;

    private long lastLookMs;
    private long lastReadMs;
    private volatile Outcome last = Outcome.unchanged();

    /** @param rules the live rule set the topology reads; replaced only by a valid reload */
    public RuleReloader(Path dir, AtomicReference<RuleSet> rules) {
        this(dir, rules, System::currentTimeMillis);
    }

    /** @param clock epoch millis, compared with the files' modification times */
    RuleReloader(Path dir, AtomicReference<RuleSet> rules, LongSupplier clock) {
        this.dir = dir;
        this.rules = rules;
        this.clock = clock;
        look(clock.getAsLong());
        this.lastDigest = digest(dir);
    }

    /**
     * Reloads if any rule file was added, removed or edited since the last look. The files are read
     * only when their stamps (names, sizes, times) changed or cannot be trusted ({@link ContentCheck}).
     */
    public synchronized Outcome reloadIfChanged() {
        long now = clock.getAsLong();
        if (!look(now).reads()) {
            return Outcome.unchanged();
        }
        // after the stamp: an edit between the two is in the contents now, and in the next stamp
        String d = digest(dir);
        if (d.equals(lastDigest)) {
            return Outcome.unchanged();
        }
        lastDigest = d;
        return reload();
    }

    public synchronized Outcome reload() {
        RuleLoader.Loaded loaded = RuleLoader.load(dir);
        if (!loaded.ok()) {
            log.error(
                    "rejected the changed rules in {}; the previous {} rules keep running:\n  {}",
                    dir,
                    rules.get().size(),
                    String.join(
                            "\n  ",
                            loaded.errors().stream().map(Problem::toString).toList()));
            last = new Outcome(false, null, loaded.errors());
            return last;
        }
        RuleChanges changes = RuleChanges.between(rules.get(), loaded.rules());
        rules.set(loaded.rules());
        log.info("reloaded rules from {}: {}", dir, changes);
        last = new Outcome(true, changes, List.of());
        return last;
    }

    /** Takes the directory's stamp and says whether its contents must be read. */
    private ContentCheck look(long now) {
        DirectoryStamp stamp = DirectoryStamp.of(dir);
        ContentCheck check = ContentCheck.decide(lastStamp, lastLookMs, lastReadMs, stamp, now);
        lastStamp = stamp;
        lastLookMs = now;
        if (check.reads()) {
            lastReadMs = now;
        }
        return check;
    }

    /** The last attempt that found a change: what it applied, or why it was rejected. */
    public Outcome last() {
        return last;
    }

    /**
     * A digest of the names and contents of every YAML file that may be a rule file (the same set
     * {@link RuleFiles} looks at): a file that gains a top-level {@code groups:} is a change.
     */
    static String digest(Path dir) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (Path p : RuleFiles.candidates(dir)) {
                md.update(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                // Streamed: a huge file dropped in the directory costs a read every check, not its size in heap.
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        md.update(buffer, 0, n);
                    }
                }
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
