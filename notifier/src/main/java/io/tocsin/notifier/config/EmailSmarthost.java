package io.tocsin.notifier.config;

/** An SMTP {@code host:port} as alertmanager.yml writes it ({@code [::1]:25} for IPv6). */
record EmailSmarthost(String host, int port) {
    /** The host and port, or null when the text is not host:port with a port in 1..65535. */
    static EmailSmarthost parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String p = colon < 0 ? "" : hostPort.substring(colon + 1);
        if (colon <= 0 || !p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            return null;
        }
        return new EmailSmarthost(hostPort.substring(0, colon).replaceAll("^\\[|]$", ""), Integer.parseInt(p));
    }
}
