package dev.sundial.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins the package order written in core's {@code package-info.java}: a package of
 * {@code dev.sundial.*} may depend only on packages listed before it (so there are no cycles, and
 * {@code codec} knows no files), and only the facade {@code dev.sundial} depends on everything. A
 * new package must be added to that list, in its place, for this test to pass.
 */
class PackageOrderTest {
    private static final String ROOT = "dev.sundial";

    static List<String> documentedOrder() throws IOException {
        String info = Files.readString(Path.of("src/main/java/dev/sundial/package-info.java"));
        String list = info.substring(info.indexOf("<ol>"), info.indexOf("</ol>"));
        List<String> order = new ArrayList<>();
        Matcher m = Pattern.compile("<li>\\{@code (\\w+)}").matcher(list);
        while (m.find()) {
            order.add(m.group(1));
        }
        return order;
    }

    @Test
    void everyPackageDependsOnlyOnPackagesListedBeforeIt() throws IOException {
        List<String> order = documentedOrder();
        assertThat(order).as("the list in package-info.java").contains("fs", "codec", "wal", "segment");
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        TreeSet<String> violations = new TreeSet<>();
        TreeSet<String> unlisted = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = subPackage(c.getPackageName());
            if (from == null || from.isEmpty()) {
                continue; // the facade may use everything
            }
            int fromRank = order.indexOf(from);
            if (fromRank < 0) {
                unlisted.add(from);
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = subPackage(d.getTargetClass().getPackageName());
                if (to == null || to.equals(from)) {
                    continue;
                }
                int toRank = to.isEmpty() ? Integer.MAX_VALUE : order.indexOf(to);
                if (toRank < 0) {
                    unlisted.add(to);
                } else if (toRank > fromRank) {
                    violations.add(from + " -> " + (to.isEmpty() ? ROOT : to) + " (" + c.getSimpleName() + " uses "
                            + d.getTargetClass().getSimpleName() + ")");
                }
            }
        }
        assertThat(unlisted).as("packages missing from the list in package-info.java").isEmpty();
        assertThat(violations).as("dependencies on packages listed later (or on the facade)").isEmpty();
    }

    /** "" for dev.sundial itself, the first segment below it, or null outside dev.sundial. */
    private static String subPackage(String pkg) {
        if (pkg.equals(ROOT)) {
            return "";
        }
        if (!pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
