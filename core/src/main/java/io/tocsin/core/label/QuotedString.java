package io.tocsin.core.label;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A quoted string as PromQL and Alertmanager's UTF-8 matchers read it (Go's strconv.Unquote):
 * in double and single quotes the escapes {@code \a \b \f \n \r \t \v \\ \" \'}, octal
 * {@code \101}, {@code \x41}, {@code \u00e9}, {@code \U0001f642}; in backticks none at all.
 * Any other escape is refused, {@code "\d"} included: a regex backslash is written {@code "\\d"}
 * or in backticks, as in PromQL. Byte escapes must add up to valid UTF-8.
 */
final class QuotedString {
    /** @param end the offset just after the closing quote */
    record Read(String value, int end) {}

    private QuotedString() {}

    /** @param at the offset of the opening quote in text */
    static Read read(String text, int at) {
        char quote = text.charAt(at);
        if (quote == '`') {
            int close = text.indexOf('`', at + 1);
            if (close < 0) {
                throw new SelectorSyntaxException(text, at, "unterminated quoted value");
            }
            return new Read(text.substring(at + 1, close), close + 1);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder chars = new StringBuilder();
        int pos = at + 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                return new Read(utf8(text, at, bytes, chars), pos + 1);
            }
            if (c == '\n') {
                break; // Go strings do not span lines: the quote was left open
            }
            if (c != '\\') {
                chars.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                break;
            }
            pos = escape(text, pos, bytes, chars);
        }
        throw new SelectorSyntaxException(text, at, "unterminated quoted value");
    }

    /** Reads the escape at text[backslash]; returns the offset after it. */
    private static int escape(String text, int backslash, ByteArrayOutputStream bytes, StringBuilder chars) {
        char e = text.charAt(backslash + 1);
        int next = backslash + 2;
        char simple = switch (e) {
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            case '\\', '"', '\'' -> e;
            default -> 0;
        };
        if (simple != 0) {
            chars.append(simple);
            return next;
        }
        int digits = switch (e) {
            case 'x' -> 2;
            case 'u' -> 4;
            case 'U' -> 8;
            case '0', '1', '2', '3', '4', '5', '6', '7' -> 3;
            default ->
                throw new SelectorSyntaxException(
                        text,
                        backslash,
                        "unknown escape \\" + e
                                + (Character.isLetterOrDigit(e) || e == '.'
                                        ? " (a regex backslash is written \\\\" + e + ")"
                                        : ""));
        };
        int start = e >= '0' && e <= '7' ? backslash + 1 : next;
        int radix = e >= '0' && e <= '7' ? 8 : 16;
        if (start + digits > text.length()) {
            throw new SelectorSyntaxException(text, backslash, "escape \\" + e + " needs " + digits + " digits");
        }
        int value;
        try {
            value = Integer.parseUnsignedInt(text.substring(start, start + digits), radix);
        } catch (NumberFormatException ex) {
            throw new SelectorSyntaxException(
                    text,
                    backslash,
                    "escape \\" + text.substring(backslash + 1, start + digits) + " is not " + digits
                            + (radix == 8 ? " octal" : " hex") + " digits");
        }
        if (e == 'x' || radix == 8) {
            if (value > 255) {
                throw new SelectorSyntaxException(text, backslash, "octal escape above \\377");
            }
            flush(chars, bytes);
            bytes.write(value);
        } else {
            if (!Character.isValidCodePoint(value) || (value >= 0xD800 && value <= 0xDFFF)) {
                throw new SelectorSyntaxException(text, backslash, "escape is not a Unicode code point");
            }
            chars.appendCodePoint(value);
        }
        return start + digits;
    }

    /** Bytes from \x and octal escapes join up with the text around them into one UTF-8 string. */
    private static void flush(StringBuilder chars, ByteArrayOutputStream bytes) {
        byte[] b = chars.toString().getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        chars.setLength(0);
    }

    private static String utf8(String text, int at, ByteArrayOutputStream bytes, StringBuilder chars) {
        if (bytes.size() == 0) {
            return chars.toString();
        }
        flush(chars, bytes);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SelectorSyntaxException(text, at, "quoted value is not valid UTF-8");
        }
    }
}
