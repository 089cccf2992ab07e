package io.tocsin.ingest.text;

import java.util.Arrays;
import java.util.Locale;

/**
 * Text as Unicode defines it, and nothing a lenient decoder would make of other bytes. Every
 * receiver checks its input here: raw bytes must be well-formed UTF-8 (Unicode Table 3-7: no
 * overlong forms such as {@code C0 AF} for '/', no encoded surrogates, nothing past U+10FFFF),
 * and decoded strings, where JSON escapes could still smuggle them in, must hold no lone
 * surrogate (Kafka's encoder would store it as '?') and, in names and label values, no NUL.
 * Each method returns the problem in words, or null when the input is fine.
 */
public final class StrictText {
    private StrictText() {}

    /** Why {@code bytes[from, to)} is not well-formed UTF-8, e.g. "byte 7 (0xC0) starts an overlong encoding"; null when it is. */
    public static String utf8Problem(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int need;
            int min2 = 0x80;
            int max2 = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                if (b == 0xe0) {
                    min2 = 0xa0; // below: an overlong form
                } else if (b == 0xed) {
                    max2 = 0x9f; // above: a UTF-16 surrogate encoded as UTF-8
                }
            } else if (b >= 0xf0 && b <= 0xf4) {
                need = 3;
                if (b == 0xf0) {
                    min2 = 0x90;
                } else if (b == 0xf4) {
                    max2 = 0x8f; // above: past U+10FFFF
                }
            } else {
                return at(i, b, b == 0xc0 || b == 0xc1 ? "an overlong encoding" : "not a UTF-8 start byte");
            }
            if (i + need >= to) {
                return at(i, b, "a sequence cut short");
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min2 || second > max2) {
                String why = second < 0x80 || second > 0xbf
                        ? "a missing continuation byte"
                        : b == 0xed
                                ? "an encoded surrogate"
                                : b == 0xf4 ? "a code point past U+10FFFF" : "an overlong encoding";
                return at(i, b, why);
            }
            for (int k = 2; k <= need; k++) {
                int c = bytes[i + k] & 0xff;
                if (c < 0x80 || c > 0xbf) {
                    return at(i, b, "a missing continuation byte");
                }
            }
            i += need + 1;
        }
        return null;
    }

    public static String utf8Problem(byte[] bytes) {
        return utf8Problem(bytes, 0, bytes.length);
    }

    /** A lone surrogate anywhere; NUL too unless {@code nulAllowed} (log lines may carry it). */
    public static String textProblem(String text, boolean nulAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 && !nulAllowed) {
                return "contains NUL (U+0000) at character " + i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "contains a lone surrogate (U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ") at character " + i;
                }
            }
        }
        return null;
    }

    /**
     * The bytes a percent-encoded URI part stands for ('+' kept as is), or null when an escape is
     * malformed; what a path or query parameter was before Vert.x decoded it leniently.
     */
    public static byte[] percentDecoded(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                return null; // a raw URI holds only ASCII
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Why a raw (still percent-encoded) path or query does not stand for well-formed UTF-8; null when it does. */
    public static String uriProblem(String raw) {
        if (raw == null) {
            return null;
        }
        byte[] bytes = percentDecoded(raw);
        if (bytes == null) {
            return "malformed percent-encoding";
        }
        String problem = utf8Problem(bytes);
        return problem == null ? null : "not valid UTF-8 once percent-decoded: " + problem;
    }

    private static String at(int offset, int b, String why) {
        return "byte " + offset + " (0x" + Integer.toHexString(b).toUpperCase(Locale.ROOT) + ") starts " + why;
    }
}
