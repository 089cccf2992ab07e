package io.tocsin.notifier.config;

import io.tocsin.core.settings.Setting;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the notifier's config comes from, read at start and again on each reload. The notifier
 * passes its own URL ({@code http://HOST:PORT}), used as {@code externalURL} when neither the file's
 * {@code external_url} nor TOCSIN_EXTERNAL_URL says where people reach it, as Alertmanager does.
 */
public interface ConfigSource {
    /** @throws io.tocsin.core.config.ConfigException with file:line:col for each problem */
    NotifierConfig load(String ownUrl);

    /** The file, for logs and reload answers. */
    String name();

    /** The routing file, read with these secrets. */
    static ConfigSource file(Path yaml, Map<String, String> env) {
        return new ConfigSource() {
            @Override
            public NotifierConfig load(String ownUrl) {
                return NotifierConfig.load(yaml, withOwnUrl(env, ownUrl));
            }

            @Override
            public String name() {
                return yaml.toString();
            }
        };
    }

    /** The built-in default (console, and Slack when its variable is set), rebuilt from the environment. */
    static ConfigSource defaults(Map<String, String> env) {
        return new ConfigSource() {
            @Override
            public NotifierConfig load(String ownUrl) {
                return NotifierConfig.defaults(withOwnUrl(env, ownUrl));
            }

            @Override
            public String name() {
                return "<defaults>";
            }
        };
    }

    /** A config built elsewhere (tests, tools): every load answers it as it is. */
    static ConfigSource fixed(NotifierConfig config) {
        return new ConfigSource() {
            @Override
            public NotifierConfig load(String ownUrl) {
                return config;
            }

            @Override
            public String name() {
                return "<given>";
            }
        };
    }

    /** TOCSIN_EXTERNAL_URL defaults to the notifier's own URL; a value set in the environment wins. */
    static Map<String, String> withOwnUrl(Map<String, String> env, String ownUrl) {
        String name = Setting.TOCSIN_EXTERNAL_URL.name();
        String given = env.get(name);
        if (ownUrl == null || ownUrl.isEmpty() || (given != null && !given.isBlank())) {
            return env;
        }
        Map<String, String> out = new HashMap<>(env);
        out.put(name, ownUrl);
        return out;
    }
}
