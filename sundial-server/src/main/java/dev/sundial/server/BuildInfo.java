package dev.sundial.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build wrote into {@code build.properties}: Sundial's version and the versions of the
 * WebJars the console serves (their files live under {@code META-INF/resources/webjars/NAME/VERSION/}).
 * Read once; immutable and thread-safe.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    /** Sundial's version ({@code 0.1.0-SNAPSHOT}). */
    public static String version() {
        return get("version");
    }

    /** The version of a WebJar the build depends on ({@code uplot} → {@code 1.6.30}). */
    public static String webjarVersion(String name) {
        return get(name + ".version");
    }

    private static String get(String key) {
        String v = PROPS.getProperty(key);
        if (v == null || v.startsWith("${")) {
            // a build without resource filtering: a packaging bug, not a user's mistake
            throw new IllegalStateException("BUG: build.properties has no value for " + key);
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("BUG: build.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties: " + e.getMessage(), e);
        }
        return p;
    }
}
