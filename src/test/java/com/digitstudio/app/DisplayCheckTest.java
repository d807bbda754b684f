package com.digitstudio.app;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayCheckTest {
    @Test
    void withoutADisplayTheSentenceSaysSoAndPointsToTheCommandLine() {
        assertThat(DisplayCheck.problem(Map.of(), lib -> true)).hasValueSatisfying(s -> assertThat(s)
                .startsWith("There is no display to open the window on")
                .endsWith("The command line works without it: digit-studio --help."));
    }

    @Test
    void withoutGtk3TheSentenceNamesThePackage() {
        assertThat(DisplayCheck.problem(Map.of("DISPLAY", ":0"), lib -> false)).hasValueSatisfying(s -> assertThat(s)
                .contains("needs GTK 3").contains("libgtk-3-0"));
    }

    @Test
    void aWaylandSessionOrAnXDisplayWithGtkIsFine() {
        assertThat(DisplayCheck.problem(Map.of("WAYLAND_DISPLAY", "wayland-0"), lib -> true)).isEmpty();
        assertThat(DisplayCheck.problem(Map.of("DISPLAY", ":0"), lib -> lib.equals("libgtk-3.so.0"))).isEmpty();
    }

    @Test
    void javafxsOwnFailuresBecomeTheSameKindOfSentence() {
        assertThat(DisplayCheck.explain(new RuntimeException("launch", new UnsupportedOperationException("Unable to open DISPLAY"))))
                .contains("cannot be opened").doesNotContain("Exception");
        assertThat(DisplayCheck.explain(new UnsupportedOperationException("Unable to load glass GTK library")))
                .contains("needs GTK 3");
    }
}
