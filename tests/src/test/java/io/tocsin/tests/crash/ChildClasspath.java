package io.tocsin.tests.crash;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classpath a child service JVM runs with: this module's test classes (for logback-test.xml)
 * plus every test-scope dependency, as written by dependency:build-classpath at build time.
 * java.class.path under failsafe is not it (stack.md trap 8).
 */
public final class ChildClasspath {
    static final String FILE_PROPERTY = "tocsin.child.classpath.file";
    static final String CLASSES_PROPERTY = "tocsin.child.classes";

    private ChildClasspath() {}

    public static String get() {
        Path file = Path.of(System.getProperty(FILE_PROPERTY, "target/test-classpath.txt"));
        String classes = System.getProperty(CLASSES_PROPERTY, "target/test-classes");
        try {
            return classes + File.pathSeparator + Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "no child classpath at " + file.toAbsolutePath()
                            + ": build the tests module with Maven (generate-test-resources writes it)",
                    e);
        }
    }
}
