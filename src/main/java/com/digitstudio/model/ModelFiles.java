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
            if (zip.size() > MAX_ENTRIES) {
                throw new ModelFormatException(String.format("%s holds %,d entries; a model file has a few dozen.", name, zip.size()));
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                long cap = capFor(entry.getName());
                if (cap < 0 || entries.containsKey(entry.getName())) {
                    continue; // not ours to read: skipped unread
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), readCapped(in, cap, name, entry.getName()));
                }
            }
            return parse(name, entries);
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(name + " is a damaged zip archive: its compressed data is corrupt or cut short.");
        }
    }

    /** Reads a Digit Studio model from a stream (e.g. a resource inside the application). */
    public static SavedModel read(InputStream stream, String name) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int seen = 0;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.BufferedInputStream(stream))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++seen > MAX_ENTRIES) {
                    throw new ModelFormatException(name + " holds more entries than a model file can.");
                }
                long cap = capFor(entry.getName());
                if (cap >= 0 && !entries.containsKey(entry.getName())) {
                    entries.put(entry.getName(), readCapped(zip, cap, name, entry.getName()));
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(name + " is a damaged zip archive: its compressed data is corrupt or cut short.");
        }
        if (seen == 0) {
            throw new ModelFormatException(name + " is not a model file (it is not a zip archive).");
        }
        return parse(name, entries);
    }

    /** A model file has nine to twenty entries; a zip with thousands is not one. */
    static final int MAX_ENTRIES = 256;
    /** model.json is a few kilobytes. */
    static final long MAX_INFO_BYTES = 1 << 20;
    /** training.json holds every step's loss and accuracy: ~60 bytes a step, so this allows a million steps. */
    static final long MAX_TRAINING_BYTES = 64L << 20;

    /**
     * The most an entry may inflate to, from what the network's arrays are; -1 for an entry this reader does not
     * use (skipped without reading, so a zip bomb hidden in an unknown entry costs nothing).
     */
    static long capFor(String entryName) {
        if (entryName.equals(INFO)) {
            return MAX_INFO_BYTES;
        }
        if (entryName.equals(TRAINING)) {
            return MAX_TRAINING_BYTES;
        }
        for (Map.Entry<String, long[]> param : CnnNetwork.PARAM_SHAPES.entrySet()) {
            long count = count(param.getValue());
            if (entryName.equals(PARAMS + param.getKey() + ".npy")) {
                return Npy.maxEntryBytes(count);
            }
            if (entryName.equals(UPDATER + param.getKey() + ".npy")) {
                return Npy.maxEntryBytes(UPDATER_STATE_PER_PARAM * count);
            }
        }
        return -1;
    }

    /** Adam keeps two values per parameter, momentum one, SGD none. */
    private static final int UPDATER_STATE_PER_PARAM = 2;

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * Reads a whole entry, stopping as soon as it inflates past {@code cap}: memory stays bounded whatever the
     * entry's header claims (a zip bomb's header lies about its size).
     */
    static byte[] readCapped(InputStream in, long cap, String file, String entry) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(cap, Integer.MAX_VALUE - 16));
        if (in.read() != -1) {
            throw tooLarge(file, entry, cap);
        }
        return data;
    }

    private static ModelFormatException tooLarge(String file, String entry, long cap) {
        return new ModelFormatException(String.format("%s is not a valid model: its entry %s inflates to more than "
                + "the %,d bytes such an entry can hold.", file, entry, cap));
    }

    private static SavedModel parse(String name, Map<String, byte[]> zip) throws IOException {
        byte[] infoEntry = zip.get(INFO);
        if (infoEntry == null) {
            throw new ModelFormatException(name + " is a zip file but not a Digit Studio model (it has no " + INFO + ").");
        }
        ModelInfo info = readInfo(name, infoEntry);
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
            String entry = PARAMS + expected.getKey() + ".npy";
            params.put(expected.getKey(), readArray(zip, name, entry, Npy.ShapeRule.exactly(expected.getValue()), true));
        }
        String training = null;
        Map<String, INDArray> updater = new LinkedHashMap<>();
        byte[] trainingEntry = zip.get(TRAINING);
        if (trainingEntry != null) {
            training = new String(trainingEntry, java.nio.charset.StandardCharsets.UTF_8);
            for (Map.Entry<String, long[]> param : CnnNetwork.PARAM_SHAPES.entrySet()) {
                long n = count(param.getValue());
                Npy.ShapeRule stateShape = shape -> shape.length == 2 && shape[0] == 1
                        && (shape[1] == n || shape[1] == UPDATER_STATE_PER_PARAM * n) ? null
                        : "[1, " + n + "] or [1, " + UPDATER_STATE_PER_PARAM * n + "]";
                INDArray state = readArray(zip, name, UPDATER + param.getKey() + ".npy", stateShape, false);
                if (state != null) {
                    updater.put(param.getKey(), state);
                }
            }
        }
        return new SavedModel(info, params, training, updater);
    }

    private static ModelInfo readInfo(String name, byte[] entry) throws ModelFormatException {
        ModelInfo info;
        try {
            info = Json.MAPPER.readValue(entry, ModelInfo.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ModelFormatException(name + " has an unreadable " + INFO + where + ": it is not the JSON a model file holds.");
        } catch (java.io.IOException e) {
            throw new ModelFormatException(name + " has an unreadable " + INFO + ".");
        }
        if (info == null) {
            throw new ModelFormatException(name + " has an empty " + INFO + " (it says null).");
        }
        return info;
    }

    private static INDArray readArray(Map<String, byte[]> zip, String name, String entryName, Npy.ShapeRule rule,
                                      boolean required) throws IOException {
        byte[] entry = zip.get(entryName);
        if (entry == null) {
            if (required) {
                throw new ModelFormatException(name + " is incomplete: it has no " + entryName + ".");
            }
            return null;
        }
        Npy.Array array = Npy.read(entry, name + ": " + entryName, rule);
        return Nd4j.create(array.values(), array.shape(), 'c');
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
            if (!ours) {
                checkDl4jEntries(zip, file.getFileName().toString());
            }
        }
        if (ours) {
            SavedModel saved = read(file);
            String displayName = stripExtension(file.getFileName().toString());
            return CnnNetwork.fromParameters(saved.parameters(), saved.info().withName(displayName));
        }
        return Dl4jClassifier.load(file);
    }

    /** DL4J's configuration is a few kilobytes of JSON; its weights, for a digit model, far under 1 GB. */
    static final long MAX_DL4J_CONFIGURATION_BYTES = 4L << 20;
    static final long MAX_DL4J_COEFFICIENT_BYTES = 1L << 30;

    /**
     * Before DL4J's reader sees a {@code ModelSerializer} zip (it reads whole entries and trusts their headers):
     * the entries it reads must inflate to sane sizes, checked by streaming them through without keeping them.
     */
    private static void checkDl4jEntries(ZipFile zip, String name) throws IOException {
        if (zip.size() > MAX_ENTRIES) {
            throw new ModelFormatException(String.format("%s holds %,d entries; a model file has a few.", name, zip.size()));
        }
        for (String entryName : new String[]{"configuration.json", "coefficients.bin", "normalizer.bin", "preprocessor.bin"}) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                continue;
            }
            long cap = entryName.equals("coefficients.bin") ? MAX_DL4J_COEFFICIENT_BYTES : MAX_DL4J_CONFIGURATION_BYTES;
            try (InputStream in = zip.getInputStream(entry)) {
                long total = 0;
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > cap) {
                        throw tooLarge(name, entryName, cap);
                    }
                }
            } catch (ZipException | java.io.EOFException e) {
                throw new ModelFormatException(name + " is a damaged zip archive: its compressed data is corrupt or cut short.");
            }
        }
    }

    public static String stripExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
