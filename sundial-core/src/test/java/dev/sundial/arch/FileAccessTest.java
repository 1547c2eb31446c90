package dev.sundial.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every file operation of the engine goes through {@link dev.sundial.fs.FileLayer} (issue 7), so
 * that fault injection and power-cut simulation see all of them: no class of core's main code but
 * the real layer calls {@code java.nio.file.Files}, {@code FileChannel.open} or the old stream and
 * random-access file classes. (The power-cut materializer builds a separate directory for tests.)
 */
class FileAccessTest {
    private static final Set<String> ALLOWED = Set.of("dev.sundial.fs.RealFileLayer", "dev.sundial.fs.PowerCutMaterializer");
    private static final Set<String> FORBIDDEN_OWNERS = Set.of("java.nio.file.Files", "java.io.RandomAccessFile",
            "java.io.FileInputStream", "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter");

    @Test
    void onlyTheRealFileLayerTouchesFilesDirectly() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("dev.sundial");
        TreeSet<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            String outer = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
            if (ALLOWED.contains(outer)) {
                continue;
            }
            for (JavaAccess<?> a : c.getAccessesFromSelf()) {
                String owner = a.getTargetOwner().getName();
                boolean channelOpen = owner.equals("java.nio.channels.FileChannel") && a.getName().equals("open");
                if (FORBIDDEN_OWNERS.contains(owner) || channelOpen) {
                    found.add(c.getSimpleName() + " calls " + a.getTarget().getFullName());
                }
            }
        }
        assertThat(found).as("direct file access outside FileLayer").isEmpty();
    }
}
