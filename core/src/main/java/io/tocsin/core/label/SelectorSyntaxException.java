package io.tocsin.core.label;

/**
 * Why a selector or matcher text could not be read, and where: {@code column 6: expected a
 * quoted value}. The message is the same whichever file or request the text came from; callers
 * put their own place (a YAML position, a JSON path) in front of it.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {
    private final int offset;
    private final String reason;

    SelectorSyntaxException(String text, int offset, String reason) {
        super("column " + (text.codePointCount(0, Math.min(offset, text.length())) + 1) + ": " + reason, null);
        this.offset = offset;
        this.reason = reason;
    }

    /** The 0-based char offset in the text, for callers that map it to a file position. */
    public int offset() {
        return offset;
    }

    /** The message without its column. */
    public String reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a user's typo, not a bug: no stack to capture
    }
}
