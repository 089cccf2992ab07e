package io.tocsin.ingest.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StreamSelectorTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void parses(String text, Map<String, String> expected) {
        assertEquals(expected, StreamSelector.parse(text));
    }

    static Stream<Arguments> parses() {
        return Stream.of(
                arguments("{}", Map.of()),
                arguments("{app=\"x\"}", Map.of("app", "x")),
                arguments(" { app = \"x\" ,level=\"info\" } ", Map.of("app", "x", "level", "info")),
                arguments("{msg=\"say \\\"hi\\\"\\n\", path=\"C:\\\\\"}", Map.of("msg", "say \"hi\"\n", "path", "C:\\")),
                arguments("{unicode=\"😀 ok\"}", Map.of("unicode", "😀 ok")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            app="x"                | expected { at character 1
            {app=x}                | expected " at character 6
            {app="x"               | unexpected end at character 9
            {app="x" level="y"}    | expected , or } at character 10
            {app="x", app="y"}     | label app given twice at character 11
            {="x"}                 | expected a label name at character 2
            {app="x"} trailing     | unexpected text after } at character 11
            {app="\\q"}            | unknown escape \\q at character 8
            """)
    void refuses(String text, String problem) {
        assertEquals(problem.replace("\\\\", "\\"),
                assertThrows(IllegalArgumentException.class, () -> StreamSelector.parse(text.replace("\\\\", "\\"))).getMessage());
    }
}
