package io.tocsin.notifier.config;

/** Where something is written in a config source; prints as {@code file:line:col} like compilers do. */
public record Mark(String source, int line, int column) {

    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
