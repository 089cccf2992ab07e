package io.tocsin.rules.promimport;

import java.util.List;
import java.util.Map;

/**
 * One Prometheus alerting rule in Tocsin terms, ready to be written as YAML.
 *
 * @param notes what the reader should check: approximations and dropped parts
 */
record Converted(
        String alert,
        String select,
        String over,
        String aggregate,
        String window,
        List<String> by,
        boolean without,
        String condition,
        String forDuration,
        String keepFiringFor,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> notes) {}
