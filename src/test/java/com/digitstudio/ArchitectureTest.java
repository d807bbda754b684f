package com.digitstudio;

import com.digitstudio.model.CnnNetwork;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.base.DescribedPredicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core (data, model, train, ink, eval, explain, support, cli, and the importers onnx, keras, foreign) is plain Java: used alike by the app, the command line,
 * the tests and the benchmarks, it knows nothing of JavaFX, ControlsFX or the app. Output goes through slf4j,
 * except the command line's own output, and no class anywhere prints a stack trace. The packages, and the app's
 * feature packages among themselves, depend on one another without a cycle.
 */
@AnalyzeClasses(packages = "com.digitstudio", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] CORE = {
            "com.digitstudio.data..", "com.digitstudio.model..", "com.digitstudio.train..", "com.digitstudio.ink..",
            "com.digitstudio.eval..", "com.digitstudio.explain..", "com.digitstudio.support..", "com.digitstudio.cli..",
            "com.digitstudio.onnx..", "com.digitstudio.keras..", "com.digitstudio.foreign.."};

    @ArchTest
    static final ArchRule thePackagesFormNoCycle = slices().matching("com.digitstudio.(*)..").should().beFreeOfCycles()
            .because("each feature builds on those below it, never back up");

    @ArchTest
    static final ArchRule theAppsFeaturesFormNoCycle = slices().matching("com.digitstudio.app.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theCoreDoesNotDependOnJavaFxControlsFxOrTheApp = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "com.digitstudio.app..")
            .because("the core is shared by the app, the command line, the tests and the benchmarks");

    @ArchTest
    static final ArchRule onlyTheCommandLineWritesToSystemOut = noClasses()
            .that().resideOutsideOfPackage("com.digitstudio.cli..")
            // OnnxImport only takes System.out away from DL4J's importer while it runs (it prints its graph there)
            .and().doNotHaveFullyQualifiedName("com.digitstudio.onnx.OnnxImport")
            .should().accessFieldWhere(DescribedPredicate.describe("the field is System.out",
                    (JavaFieldAccess access) -> access.getTarget().getOwner().isEquivalentTo(System.class)
                            && access.getTarget().getName().equals("out")))
            .because("logging goes through slf4j; only the command line prints results");

    @ArchTest
    static final ArchRule nothingPrintsStackTraces = noClasses()
            .should().callMethodWhere(DescribedPredicate.describe("the method is printStackTrace",
                    // by name: archunit.properties turns off loading classes (such as Exception's hierarchy)
                    (JavaCall<?> call) -> call.getTarget().getName().equals("printStackTrace")))
            .because("errors are logged through slf4j or shown to the user as one sentence");
}
