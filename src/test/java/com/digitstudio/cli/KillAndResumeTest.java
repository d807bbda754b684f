package com.digitstudio.cli;

import com.digitstudio.Fixtures;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training process killed with SIGKILL (no shutdown hook, no finally) at different moments, including while it
 * writes a checkpoint, then resumed with {@code --resume}: the result is bit-identical to a run that was never
 * interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillAndResumeTest {
    private static final List<String> RUN = List.of("--data", Fixtures.mini().toString(), "--no-download",
            "--steps", "40", "--batch", "32", "--seed", "11", "--eval-every", "0", "--checkpoint-every", "10");

    @TempDir
    static Path dir;

    private Map<String, INDArray> uninterrupted;

    @BeforeAll
    void trainWithoutInterruption() throws IOException {
        Path out = dir.resolve("whole.dsm");
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(RUN);
        args.addAll(List.of("--out", out.toString()));
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        uninterrupted = ModelFiles.read(out).parameters();
    }

    /**
     * @param killAfterLines kill once the child has printed this many JSON lines: 13 is step 12, between two
     *                       checkpoints; 21 and 32 are steps 20 and 30, right where the child writes a checkpoint
     */
    @ParameterizedTest(name = "killed after {0} lines")
    @ValueSource(ints = {13, 21, 32})
    void aRunKilledAtAnyMomentResumesToTheSameWeights(int killAfterLines) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("kill-" + killAfterLines));
        Path out = folder.resolve("model.dsm");
        Path checkpoint = folder.resolve("model.ckpt.dsm");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.digitstudio.Main", "train"));
        command.addAll(RUN);
        command.addAll(List.of("--json", "--out", out.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lines = 0;
        boolean checkpointed = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    lines++;
                    checkpointed |= line.contains("\"event\":\"checkpoint\"");
                }
                if (checkpointed && lines >= killAfterLines) {
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: whatever the child was doing, it stops mid-way
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(checkpointed).as("the child wrote a checkpoint before it was killed").isTrue();
        assertThat(out).as("killed before the end").doesNotExist();

        List<String> resume = new ArrayList<>(List.of("train", "--resume", checkpoint.toString(), "--data",
                Fixtures.mini().toString(), "--no-download", "--out", out.toString()));
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), resume.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();

        SavedModel resumed = ModelFiles.read(out);
        assertThat(resumed.info().steps()).isEqualTo(40);
        for (Map.Entry<String, INDArray> param : uninterrupted.entrySet()) {
            float[] expected = param.getValue().data().asFloat();
            float[] actual = resumed.parameters().get(param.getKey()).data().asFloat();
            int mismatch = java.util.Arrays.mismatch(expected, actual);
            double maxDiff = 0;
            for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            }
            assertThat(mismatch).as("%s bit-identical to the uninterrupted run (largest difference %g)", param.getKey(), maxDiff)
                    .isEqualTo(-1);
        }
    }
}
