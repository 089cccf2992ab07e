package io.tocsin.ingest.remotewrite;

import java.util.Locale;

/**
 * The headers a remote-write 1.0 sender sets. Absent headers are tolerated (some agents omit
 * them); present ones must say snappy and protobuf, or the answer is 415. A remote-write 2.0 sender announces itself
 * with {@code proto=io.prometheus.write.v2.Request} and gets 415, which the 2.0 spec tells it
 * to answer by falling back to 1.0.
 */
public record RemoteWriteHeaders(String contentEncoding, String contentType, String version) {

    private static final String V1_MESSAGE = "prometheus.WriteRequest";

    /** Why these headers are not remote-write 1.0, or null. */
    public String problem() {
        if (contentEncoding != null && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
            return "Content-Encoding: must be snappy, not " + contentEncoding.trim();
        }
        if (contentType != null) {
            String type = contentType.toLowerCase(Locale.ROOT);
            if (!type.startsWith("application/x-protobuf")) {
                return "Content-Type: must be application/x-protobuf, not " + contentType.trim();
            }
            String proto = protoParameter(type);
            if (proto != null && !proto.equals(V1_MESSAGE.toLowerCase(Locale.ROOT))) {
                return "Content-Type: only remote-write 1.0 (proto=" + V1_MESSAGE + ") is accepted, not proto=" + proto;
            }
        }
        if (version != null && !version.isBlank() && !version.trim().startsWith("0.1")) {
            return "X-Prometheus-Remote-Write-Version: only 0.1.0 (remote-write 1.0) is accepted, not "
                    + version.trim();
        }
        return null;
    }

    private static String protoParameter(String type) {
        for (String part : type.split(";")) {
            String p = part.trim();
            if (p.startsWith("proto=")) {
                return p.substring("proto=".length()).trim();
            }
        }
        return null;
    }
}
