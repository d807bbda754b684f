package com.digitstudio.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The lines the app keeps: the core knows no JavaFX; app code logs instead of printing. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.digitstudio");

    @Test
    void coreNeverUsesJavaFx() {
        noClasses().that().resideInAnyPackage("com.digitstudio.data..", "com.digitstudio.model..",
                        "com.digitstudio.train..", "com.digitstudio.ink..", "com.digitstudio.eval..",
                        "com.digitstudio.support..", "com.digitstudio.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "com.digitstudio.app..")
                .check(CLASSES);
    }

    @Test
    void appCodeNeitherPrintsNorPrintsStackTraces() {
        noClasses().that().resideInAPackage("com.digitstudio.app..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(CLASSES);
    }
}
