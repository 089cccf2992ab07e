package io.tocsin.rules.reload;

import io.tocsin.rules.parse.RuleFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a look at a rule directory sees without reading any file: the names, sizes, modification
 * times and identities (inode) of the YAML files {@link RuleFiles#candidates} lists. Equal stamps
 * almost always mean equal contents; {@link ContentCheck} says when they may not.
 *
 * @param files in {@link RuleFiles#candidates} order
 */
record DirectoryStamp(List<FileStamp> files) {

    /** One file as {@code stat} sees it (through a symbolic link, as the loader reads it). */
    record FileStamp(Path path, long size, long modifiedNanos, Object fileKey) {}

    DirectoryStamp {
        files = List.copyOf(files);
    }

    static DirectoryStamp of(Path dir) {
        List<FileStamp> out = new ArrayList<>();
        for (Path p : RuleFiles.candidates(dir)) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(new FileStamp(p, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DirectoryStamp(out);
    }

    /** The newest modification time of any file, in epoch millis; MIN_VALUE for none. */
    long newestModifiedMs() {
        long newest = Long.MIN_VALUE;
        for (FileStamp f : files) {
            newest = Math.max(newest, TimeUnit.NANOSECONDS.toMillis(f.modifiedNanos()));
        }
        return newest;
    }
}
