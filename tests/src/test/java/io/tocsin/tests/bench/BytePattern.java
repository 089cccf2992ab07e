package io.tocsin.tests.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Occurrences of a byte pattern in a stream, counted without holding the stream (Knuth–Morris–Pratt). */
record BytePattern(byte[] pattern, int[] fallback) {
    /** One per alert of a GET /api/v2/alerts answer. */
    static final BytePattern FINGERPRINT = of("\"fingerprint\"");

    static BytePattern of(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        int[] f = new int[p.length];
        for (int i = 1, k = 0; i < p.length; i++) {
            while (k > 0 && p[i] != p[k]) {
                k = f[k - 1];
            }
            if (p[i] == p[k]) {
                k++;
            }
            f[i] = k;
        }
        return new BytePattern(p, f);
    }

    int count(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n = 0;
        int k = 0;
        for (int r; (r = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < r; i++) {
                byte b = buffer[i];
                while (k > 0 && b != pattern[k]) {
                    k = fallback[k - 1];
                }
                if (b == pattern[k]) {
                    k++;
                }
                if (k == pattern.length) {
                    n++;
                    k = fallback[k - 1];
                }
            }
        }
        return n;
    }
}
