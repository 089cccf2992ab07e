package io.tocsin.rules.tool;

import java.util.List;
import java.util.Locale;

/** JUnit XML as CI servers read it: one testsuite per test file, one testcase per test group. */
final class JUnitXml {
    record Case(String name, double seconds, List<String> failures) {}

    record Suite(String name, List<Case> cases) {}

    private JUnitXml() {}

    static String write(List<Suite> suites) {
        int tests = suites.stream().mapToInt(s -> s.cases().size()).sum();
        long failed = suites.stream()
                .flatMap(s -> s.cases().stream())
                .filter(c -> !c.failures().isEmpty())
                .count();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites tests=\"")
                .append(tests)
                .append("\" failures=\"")
                .append(failed)
                .append("\">\n");
        for (Suite s : suites) {
            long f = s.cases().stream().filter(c -> !c.failures().isEmpty()).count();
            double time = s.cases().stream().mapToDouble(Case::seconds).sum();
            sb.append("  <testsuite name=\"")
                    .append(esc(s.name()))
                    .append("\" tests=\"")
                    .append(s.cases().size())
                    .append("\" failures=\"")
                    .append(f)
                    .append("\" time=\"")
                    .append(secs(time))
                    .append("\">\n");
            for (Case c : s.cases()) {
                sb.append("    <testcase name=\"")
                        .append(esc(c.name()))
                        .append("\" classname=\"")
                        .append(esc(s.name()))
                        .append("\" time=\"")
                        .append(secs(c.seconds()))
                        .append('"');
                if (c.failures().isEmpty()) {
                    sb.append("/>\n");
                } else {
                    sb.append(">\n");
                    for (String failure : c.failures()) {
                        String first = failure.lines().findFirst().orElse(failure);
                        sb.append("      <failure message=\"")
                                .append(esc(first))
                                .append("\">")
                                .append(esc(failure))
                                .append("</failure>\n");
                    }
                    sb.append("    </testcase>\n");
                }
            }
            sb.append("  </testsuite>\n");
        }
        return sb.append("</testsuites>\n").toString();
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        sb.append(' '); // not allowed in XML 1.0
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
