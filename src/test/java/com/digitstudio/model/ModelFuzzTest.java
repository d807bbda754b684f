package com.digitstudio.model;

import com.digitstudio.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged {@code .npy} arrays and damaged model files: each is read or refused with a {@link ModelFormatException};
 * no other exception, no native crash (the JVM running this test would die), no out-of-memory.
 */
class ModelFuzzTest {
    private static byte[] validNpy;
    private static byte[] validModel;

    @BeforeContainer
    static void makeValidFiles() throws IOException {
        validNpy = Nd4j.toNpyByteArray(Nd4j.rand(DataType.FLOAT, 1024, 10));
        CnnNetwork network = CnnNetwork.initialise(5, new ModelInfo(ModelFiles.FORMAT_VERSION, "m", CnnNetwork.ARCHITECTURE,
                "engine", null, Map.of(), 0, null, null, ModelInfo.NORMALISATION, null));
        Path file = Files.createTempFile("valid", ".dsm");
        ModelFiles.save(file, new SavedModel(network.info(), network.parameters(), null, Map.of()));
        network.close();
        validModel = Files.readAllBytes(file);
        Files.delete(file);
    }

    @Provide
    Arbitrary<byte[]> damagedNpy() {
        return Mutations.of(validNpy);
    }

    @Provide
    Arbitrary<byte[]> damagedModel() {
        return Mutations.of(validModel);
    }

    @Property(tries = 500)
    void aDamagedArrayIsReadOrRefusedInWords(@ForAll("damagedNpy") byte[] bytes) {
        try {
            Npy.Array array = Npy.read(bytes, "m.dsm: params/logits_w.npy", Npy.ShapeRule.exactly(new long[]{1024, 10}));
            assertThat(array.values()).hasSize(10_240);
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith("m.dsm: params/logits_w.npy ").endsWith(".");
        }
    }

    @Property(tries = 80)
    void aDamagedModelFileIsReadOrRefusedInWords(@ForAll("damagedModel") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".dsm");
        try {
            Files.write(file, bytes);
            ModelFiles.read(file);
        } catch (ModelFormatException e) {
            assertThat(e.getMessage()).startsWith(file.getFileName().toString()).endsWith(".");
        } finally {
            Files.delete(file);
        }
    }
}
