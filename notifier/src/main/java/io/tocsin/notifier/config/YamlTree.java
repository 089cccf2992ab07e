package io.tocsin.notifier.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into a {@link YamlNode} tree straight from the parser's tokens. */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String source;
    private final JsonParser parser;

    private YamlTree(String source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /** The document's root, or null when the document is empty. */
    static YamlNode parse(String yaml, String source) {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            YamlTree tree = new YamlTree(source, parser);
            JsonToken first = parser.nextToken();
            return first == null ? null : tree.node(first);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Mark mark = at == null ? new Mark(source, 1, 1) : markOf(source, at);
            throw new ConfigException(List.of(new ConfigException.Problem(mark, "invalid YAML: " + firstLine(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigException.Problem(new Mark(source, 1, 1), "cannot read: " + e.getMessage())));
        }
    }

    private YamlNode node(JsonToken token) throws IOException {
        Mark mark = here();
        return switch (token) {
            case START_OBJECT -> mapping(mark);
            case START_ARRAY -> sequence(mark);
            case VALUE_STRING -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Type.STRING, mark);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Type.NUMBER, mark);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(parser.getText(), YamlNode.Scalar.Type.BOOLEAN, mark);
            case VALUE_NULL -> new YamlNode.Scalar(null, YamlNode.Scalar.Type.NULL, mark);
            default -> throw new ConfigException(List.of(new ConfigException.Problem(mark, "unsupported YAML construct " + token)));
        };
    }

    private YamlNode.Mapping mapping(Mark mark) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        List<ConfigException.Problem> duplicates = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            Mark keyMark = here();
            YamlNode value = node(parser.nextToken());
            // YAML says keys are unique, but parsers keep the last one silently: a classic way to
            // lose half a route. Refuse instead.
            if (entries.putIfAbsent(key, new YamlNode.Entry(key, keyMark, value)) != null) {
                duplicates.add(new ConfigException.Problem(keyMark, "duplicate key '" + key + "'"));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new ConfigException(duplicates);
        }
        return new YamlNode.Mapping(entries, mark);
    }

    private YamlNode.Sequence sequence(Mark mark) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            items.add(node(t));
        }
        return new YamlNode.Sequence(items, mark);
    }

    private Mark here() {
        return markOf(source, parser.currentTokenLocation());
    }

    private static Mark markOf(String source, JsonLocation at) {
        return new Mark(source, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
