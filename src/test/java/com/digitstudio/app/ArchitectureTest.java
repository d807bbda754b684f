package com.digitstudio.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The app's own line (the core's are in com.digitstudio.ArchitectureTest): a desktop app has no console, so its
 * code logs through slf4j and shows users sentences, never writing to stdout or stderr.
 */
class ArchitectureTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.digitstudio.app");

    @Test
    void appCodeWritesNeitherToStandardOutputNorToStandardError() {
        noClasses().that().resideInAPackage("com.digitstudio.app..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(APP);
    }
}
