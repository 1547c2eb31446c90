package dev.sundial.server.console;

import dev.sundial.server.BuildInfo;
import java.util.Map;

/**
 * The third-party files the console loads, each under a flat name ({@code /console/vendor/NAME}),
 * mapped to its place in a WebJar on the classpath. Only these names are served from the WebJars,
 * so no request can reach any other classpath file. Versions come from the build ({@link
 * BuildInfo}), so bumping a WebJar in the pom is the whole upgrade. Licences: CodeMirror 5 and
 * uPlot are MIT; their licence texts are served too. Immutable.
 */
final class VendorFiles {
    private static final Map<String, String[]> FILES = Map.ofEntries(
            Map.entry("codemirror.js", new String[] {"codemirror", "lib/codemirror.js"}),
            Map.entry("codemirror.css", new String[] {"codemirror", "lib/codemirror.css"}),
            Map.entry("codemirror-sql.js", new String[] {"codemirror", "mode/sql/sql.js"}),
            Map.entry("codemirror-matchbrackets.js", new String[] {"codemirror", "addon/edit/matchbrackets.js"}),
            Map.entry("codemirror-placeholder.js", new String[] {"codemirror", "addon/display/placeholder.js"}),
            Map.entry("codemirror-show-hint.js", new String[] {"codemirror", "addon/hint/show-hint.js"}),
            Map.entry("codemirror-show-hint.css", new String[] {"codemirror", "addon/hint/show-hint.css"}),
            Map.entry("codemirror-sql-hint.js", new String[] {"codemirror", "addon/hint/sql-hint.js"}),
            Map.entry("codemirror-LICENSE.txt", new String[] {"codemirror", "LICENSE"}),
            Map.entry("uPlot.esm.js", new String[] {"uplot", "dist/uPlot.esm.js"}),
            Map.entry("uPlot.min.css", new String[] {"uplot", "dist/uPlot.min.css"}),
            Map.entry("uplot-LICENSE.txt", new String[] {"uplot", "LICENSE"}));

    private VendorFiles() {
    }

    /** The classpath path of a vendor file, or null when {@code name} is not one. */
    static String resource(String name) {
        String[] f = FILES.get(name);
        return f == null ? null : "/META-INF/resources/webjars/" + f[0] + "/" + BuildInfo.webjarVersion(f[0]) + "/" + f[1];
    }

    static Iterable<String> names() {
        return FILES.keySet();
    }
}
