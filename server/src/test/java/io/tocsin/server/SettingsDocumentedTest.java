package io.tocsin.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.settings.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every setting Tocsin reads is in the README's table, so the list in code and the docs cannot drift. */
class SettingsDocumentedTest {

    @Test
    void theReadmeNamesEverySetting() throws Exception {
        // Surefire runs in the module directory; the README is at the top of the checkout.
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("## Configuration"));
        for (Setting s : Setting.values()) {
            assertTrue(
                    table.contains("`" + s.name() + "`"),
                    s.name() + " is read (core Setting) but missing from the README's Configuration section");
        }
    }
}
