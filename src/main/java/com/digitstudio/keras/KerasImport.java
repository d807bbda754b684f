package com.digitstudio.keras;

import com.digitstudio.data.MnistSample;
import com.digitstudio.eval.InputScaling;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.Dl4jClassifier;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.model.PixelScale;
import com.digitstudio.support.Json;
import com.digitstudio.support.Progress;
import com.fasterxml.jackson.databind.JsonNode;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a Keras 1 or 2 model saved whole as {@code .h5} (Sequential or functional) through DL4J's Keras importer.
 * The file is untrusted: before the importer reads it, its size is capped, it must be HDF5, its Keras version must
 * be 1 or 2 (Keras 3 files, {@code .h5} or {@code .keras}, are refused by name), it must hold a model (not weights
 * alone), and every weight array must declare at most {@link #MAX_WEIGHTS} values in all, so a tiny file cannot make
 * the importer allocate gigabytes. Keras channels_last networks take NHWC input; the layout is found by running the
 * network on a blank image ({@link Dl4jClassifier}), and the pixel scaling by scoring the candidates on the app's
 * 500 built-in MNIST test images, unless the user gives it.
 */
public final class KerasImport {
    static final long MAX_BYTES = 256L << 20;
    /** 64 M float weights (256 MB); a large MNIST CNN has 3.3 M. */
    static final long MAX_WEIGHTS = 64L << 20;
    /** Groups under model_weights worth visiting; a Keras model has one or two per layer. */
    static final int MAX_GROUPS = 10_000;
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private KerasImport() {
    }

    /** Reads, checks and imports {@code file}; {@code override} is the user's pixel scaling ({@code null}: found). */
    public static DigitClassifier load(Path file, PixelScale override) throws IOException {
        return load(file, override, Progress.NONE);
    }

    /** As {@link #load(Path, PixelScale)}, reporting to {@code progress} and stopping between steps once cancelled. */
    public static DigitClassifier load(Path file, PixelScale override, Progress progress) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ModelFormatException(String.format("%s is %,d bytes; a Keras digit model this app opens is at most %,d.",
                    name, size, MAX_BYTES));
        }
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read >= 2 && head[0] == 'P' && head[1] == 'K') {
            throw new ModelFormatException(name + " is a Keras 3 model (.keras), which this app cannot open; "
                    + "save it from Keras 2 as .h5, or export it to ONNX.");
        }
        if (read < head.length || !Arrays.equals(head, HDF5_SIGNATURE)) {
            throw new ModelFormatException(name + " is not a Keras .h5 model (it is not an HDF5 file).");
        }
        progress.update("Reading " + name + "…", 0.05);
        Header header = header(file, name);
        progress.checkCancelled();
        checkConfiguredSize(file, name, header);
        progress.update("Importing " + name + " (Keras)…", -1);
        Dl4jClassifier classifier;
        try {
            if ("Sequential".equals(header.className())) {
                classifier = Dl4jClassifier.of(KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false),
                        name, header.describe(), "DL4J (imported Keras)");
            } else {
                classifier = Dl4jClassifier.of(KerasModelImport.importKerasModelAndWeights(file.toString(), false),
                        name, header.describe(), "DL4J (imported Keras)");
            }
        } catch (UnsupportedKerasConfigurationException e) {
            throw new ModelFormatException(name + " uses something this app cannot import from Keras: "
                    + com.digitstudio.support.UserMessages.causeLine(e) + ".", e);
        } catch (InvalidKerasConfigurationException e) {
            throw new ModelFormatException(name + " is not a Keras model this app can read: " + com.digitstudio.support.UserMessages.causeLine(e) + ".", e);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ModelFormatException(name + " could not be imported: the Keras importer failed on it ("
                    + com.digitstudio.support.UserMessages.causeLine(e) + ").", e);
        }
        progress.checkCancelled();
        if (override != null) {
            return classifier.withScale(override, "as asked");
        }
        progress.update("Finding which pixel values " + name + " expects…", 0.8);
        Dl4jClassifier found = classifier;
        return classifier.withScale(InputScaling.best(s -> {
            progress.checkCancelled();
            return found.withScale(s, null);
        }, MnistSample.get()), null);
    }

    /**
     * The importer allocates every layer from the sizes in the model config (units, filters) before it reads a
     * weight (a config with 100 M units crashed the JVM in native code), so those are checked too: the
     * configuration alone is built (nothing allocated) and its parameters counted. A configuration the importer
     * cannot build is left to the import, which says why.
     */
    private static void checkConfiguredSize(Path file, String name, Header header) throws ModelFormatException {
        long parameters = 0;
        try {
            var builder = new org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder(
                    new org.deeplearning4j.nn.modelimport.keras.config.KerasModelConfiguration())
                    .modelHdf5Filename(file.toString()).enforceTrainingConfig(false);
            if ("Sequential".equals(header.className())) {
                var conf = builder.buildSequential().getMultiLayerConfiguration();
                for (var layer : conf.getConfs()) {
                    parameters += layer.getLayer().initializer().numParams(layer);
                }
            } else {
                var conf = builder.buildModel().getComputationGraphConfiguration();
                for (var vertex : conf.getVertices().values()) {
                    if (vertex instanceof org.deeplearning4j.nn.conf.graph.LayerVertex layer) {
                        parameters += layer.getLayerConf().getLayer().initializer().numParams(layer.getLayerConf());
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            return; // the import itself reports what is wrong with the configuration
        }
        if (parameters > MAX_WEIGHTS || parameters < 0) {
            throw new ModelFormatException(String.format("%s declares layers with %,d weights; a Keras digit model this "
                    + "app opens has at most %,d.", name, parameters, MAX_WEIGHTS));
        }
    }

    /** What the file says of itself, read before the importer sees it. */
    record Header(String kerasVersion, String className, int layers) {
        String describe() {
            String kind = "Sequential".equals(className) ? "Sequential" : "functional";
            return "Keras " + (kerasVersion == null ? "" : kerasVersion + " ") + kind + " model (.h5, " + layers
                    + " layers)";
        }
    }

    static Header header(Path file, String name) throws ModelFormatException {
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            // HDF5 prints its whole error stack to stderr on a failure; the user gets one sentence instead
            org.bytedeco.hdf5.Exception.dontPrint();
            Hdf5Archive opened;
            try {
                opened = new Hdf5Archive(file.toString());
            } catch (RuntimeException | LinkageError e) {
                throw new ModelFormatException(name + " is damaged or truncated: HDF5 cannot open it.", e);
            }
            try (Hdf5Archive archive = opened) {
                String version = archive.hasAttribute("keras_version") ? archive.readAttributeAsString("keras_version") : null;
                if (version != null && !version.isBlank() && !version.startsWith("1.") && !version.startsWith("2.")) {
                    throw new ModelFormatException(name + " was saved by Keras " + version.strip()
                            + ", which this app cannot open (it reads Keras 1 and 2 files); save it from Keras 2, "
                            + "or export it to ONNX.");
                }
                if (!archive.hasAttribute("model_config")) {
                    throw new ModelFormatException(name + " holds Keras weights but no model (it was saved with "
                            + "save_weights); save the whole model with model.save(\"…h5\").");
                }
                JsonNode config = Json.MAPPER.readTree(archive.readAttributeAsJson("model_config"));
                String className = config.path("class_name").asText("");
                if (!List.of("Sequential", "Model", "Functional").contains(className)) {
                    throw new ModelFormatException(name + " holds a Keras " + (className.isEmpty() ? "object" : className)
                            + ", not a Sequential or functional model.");
                }
                JsonNode layers = config.path("config").isArray() ? config.path("config") : config.path("config").path("layers");
                checkWeights(archive, name);
                return new Header(version == null ? null : version.strip(), className, layers.size());
            } catch (ModelFormatException e) {
                throw e;
            } catch (IOException | RuntimeException | UnsupportedKerasConfigurationException e) {
                throw new ModelFormatException(name + " is not a Keras model this app can read (" + com.digitstudio.support.UserMessages.causeLine(e) + ").", e);
            }
        }
    }

    /** Sums the values every weight array declares, without reading them. */
    private static void checkWeights(Hdf5Archive archive, String name) throws ModelFormatException {
        String root = archive.getGroups().contains("model_weights") ? "model_weights" : null;
        if (root == null) {
            return; // the importer says what is missing
        }
        long[] total = {0, 0};
        walk(archive, new String[]{root}, 0, total, name);
    }

    private static void walk(Hdf5Archive archive, String[] path, int depth, long[] total, String name)
            throws ModelFormatException {
        // total[1] counts the groups visited: HDF5 links can point back up, and a Keras model has a few hundred
        if (depth > 8 || ++total[1] > MAX_GROUPS) {
            throw new ModelFormatException(name + " nests its weights deeper, or in more groups, than a Keras model does.");
        }
        List<String> sets = archive.getDataSets(path);
        if (!sets.isEmpty()) {
            Group[] groups = archive.openGroups(path);
            try {
                Group group = groups[groups.length - 1];
                for (String set : sets) {
                    DataSet data = group.openDataSet(set);
                    try {
                        DataSpace space = data.getSpace();
                        total[0] += Math.max(0, space.getSimpleExtentNpoints());
                        space.deallocate();
                    } finally {
                        data.deallocate();
                    }
                    if (total[0] > MAX_WEIGHTS) {
                        throw new ModelFormatException(String.format("%s declares more than %,d weights; a Keras digit "
                                + "model this app opens has at most that many.", name, MAX_WEIGHTS));
                    }
                }
            } finally {
                archive.closeGroups(groups);
            }
        }
        for (String child : archive.getGroups(path)) {
            String[] deeper = Arrays.copyOf(path, path.length + 1);
            deeper[path.length] = child;
            walk(archive, deeper, depth + 1, total, name);
        }
    }

}
