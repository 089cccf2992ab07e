package io.tocsin.server.cli;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.util.Map;
import picocli.CommandLine;

/**
 * What every command works with: where to print and the environment it reads its settings from.
 * Passed to the commands' constructors (not read from System) so tests run them in-process.
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env) {

    public CliContext {
        env = Map.copyOf(env);
    }

    public static CliContext system() {
        return new CliContext(System.out, System.err, System.getenv());
    }

    /** Builds commands that take a {@link CliContext}, and everything else as picocli would. */
    CommandLine.IFactory factory() {
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                for (Constructor<?> c : cls.getDeclaredConstructors()) {
                    if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class) {
                        c.setAccessible(true);
                        return cls.cast(c.newInstance(CliContext.this));
                    }
                }
                return fallback.create(cls);
            }
        };
    }
}
