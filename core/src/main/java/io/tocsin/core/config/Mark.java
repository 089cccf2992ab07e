package io.tocsin.core.config;

/** Where something is written in a config source; prints as {@code file:line:col} like compilers do. */
public record Mark(String source, int line, int column) {

    /** The start of a source, for problems with the file as a whole (unreadable, too big, empty). */
    public static Mark start(String source) {
        return new Mark(source, 1, 1);
    }

    /** The same line, {@code columns} further right: a position inside a scalar such as a selector. */
    public Mark plusColumns(int columns) {
        return new Mark(source, line, column + columns);
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
