package com.digitstudio.model;

import com.digitstudio.support.AtomicFiles;
import com.digitstudio.support.Json;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Digit Studio model files ({@code .dsm}): a zip holding {@code model.json} ({@link ModelInfo}), each parameter
 * as a NumPy {@code .npy} array under {@code params/}, and, in a checkpoint, {@code training.json} with the
 * optimiser state under {@code updater/}. Also opens DL4J {@code ModelSerializer} zips made elsewhere.
 */
public final class ModelFiles {
    public static final int FORMAT_VERSION = 1;
    public static final String EXTENSION = ".dsm";
    private static final String INFO = "model.json";
    private static final String TRAINING = "training.json";
    private static final String PARAMS = "params/";
    private static final String UPDATER = "updater/";

    private ModelFiles() {
    }

    /** Saves atomically: the file at {@code target} is either the old one or the complete new one. */
    public static void save(Path target, SavedModel model) throws IOException {
        ModelInfo info = model.info().withCreated(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        AtomicFiles.write(target, out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16));
            zip.putNextEntry(new ZipEntry(INFO));
            zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
            zip.closeEntry();
            writeArrays(zip, PARAMS, model.parameters());
            if (model.trainingState() != null) {
                zip.putNextEntry(new ZipEntry(TRAINING));
                zip.write(model.trainingState().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
                writeArrays(zip, UPDATER, model.updaterState());
            }
            zip.finish();
            zip.flush();
        });
    }

    private static void writeArrays(ZipOutputStream zip, String folder, Map<String, INDArray> arrays) throws IOException {
        for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(folder + entry.getKey() + ".npy"));
            zip.write(Nd4j.toNpyByteArray(entry.getValue()));
            zip.closeEntry();
        }
    }

    /** Reads a Digit Studio model file or checkpoint. */
    public static SavedModel read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ZipFile zip = openZip(file)) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
            return parse(name, entries);
        } catch (ZipException e) {
            throw new ModelFormatException(name + " is a damaged zip archive (" + e.getMessage() + ").");
        }
    }

    /** Reads a Digit Studio model from a stream (e.g. a resource inside the application). */
    public static SavedModel read(InputStream stream, String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.BufferedInputStream(stream))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (ZipException e) {
            throw new ModelFormatException(name + " is a damaged zip archive (" + e.getMessage() + ").");
        }
        if (entries.isEmpty()) {
            throw new ModelFormatException(name + " is not a model file (it is not a zip archive).");
        }
        return parse(name, entries);
    }

    private static SavedModel parse(String name, Map<String, byte[]> zip) throws IOException {
        {
            byte[] infoEntry = zip.get(INFO);
            if (infoEntry == null) {
                throw new ModelFormatException(name + " is a zip file but not a Digit Studio model (it has no " + INFO + ").");
            }
            ModelInfo info;
            try {
                info = Json.MAPPER.readValue(infoEntry, ModelInfo.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new ModelFormatException(name + " has an unreadable " + INFO + ": " + e.getOriginalMessage() + ".");
            }
            if (info.formatVersion() > FORMAT_VERSION) {
                throw new ModelFormatException(name + " was written by a newer Digit Studio (format version "
                        + info.formatVersion() + "; this one reads up to " + FORMAT_VERSION + ").");
            }
            if (!CnnNetwork.ARCHITECTURE.equals(info.architecture())) {
                throw new ModelFormatException(name + " holds a network of architecture '" + info.architecture()
                        + "', which this version cannot run.");
            }
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> expected : CnnNetwork.PARAM_SHAPES.entrySet()) {
                INDArray array = readArray(zip, name, PARAMS + expected.getKey() + ".npy", true);
                if (!java.util.Arrays.equals(array.shape(), expected.getValue())) {
                    throw new ModelFormatException(String.format("%s: parameter %s has shape %s, expected %s.", name,
                            expected.getKey(), java.util.Arrays.toString(array.shape()),
                            java.util.Arrays.toString(expected.getValue())));
                }
                params.put(expected.getKey(), array);
            }
            String training = null;
            Map<String, INDArray> updater = new LinkedHashMap<>();
            byte[] trainingEntry = zip.get(TRAINING);
            if (trainingEntry != null) {
                training = new String(trainingEntry, java.nio.charset.StandardCharsets.UTF_8);
                for (String param : CnnNetwork.PARAM_SHAPES.keySet()) {
                    INDArray state = readArray(zip, name, UPDATER + param + ".npy", false);
                    if (state != null) {
                        updater.put(param, state);
                    }
                }
            }
            return new SavedModel(info, params, training, updater);
        }
    }

    private static INDArray readArray(Map<String, byte[]> zip, String name, String entryName, boolean required) throws IOException {
        byte[] entry = zip.get(entryName);
        if (entry == null) {
            if (required) {
                throw new ModelFormatException(name + " is incomplete: it has no " + entryName + ".");
            }
            return null;
        }
        try {
            return Nd4j.createNpyFromByteArray(entry);
        } catch (RuntimeException e) {
            throw new ModelFormatException(name + ": " + entryName + " is not a readable NumPy array.", e);
        }
    }

    static ZipFile openZip(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "there is no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(name + " is a folder, not a model file.");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ModelFormatException(name + " is not a model file (it is not a zip archive).");
        }
    }

    /**
     * Opens any supported model: a Digit Studio file, or a DL4J {@code ModelSerializer} zip of a
     * {@code MultiLayerNetwork} or {@code ComputationGraph} taking 784 values or a 28×28×1 image and giving 10
     * classes. Anything else is refused with a {@link ModelFormatException} that says why.
     */
    public static DigitClassifier load(Path file) throws IOException {
        boolean ours;
        try (ZipFile zip = openZip(file)) {
            ours = zip.getEntry(INFO) != null;
            if (!ours && zip.getEntry("configuration.json") == null) {
                throw new ModelFormatException(file.getFileName()
                        + " is a zip file but neither a Digit Studio model nor a DL4J model.");
            }
        }
        if (ours) {
            SavedModel saved = read(file);
            String displayName = stripExtension(file.getFileName().toString());
            return CnnNetwork.fromParameters(saved.parameters(), saved.info().withName(displayName));
        }
        return Dl4jClassifier.load(file);
    }

    static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
