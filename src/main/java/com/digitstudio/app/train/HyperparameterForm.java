package com.digitstudio.app.train;

import com.digitstudio.train.Optimizer;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Schedule;
import com.digitstudio.train.TrainingConfig;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The hyperparameters as the user edits them: one field per setting, each with its text (or choice) and, when
 * the text is not acceptable, the one sentence that says why ({@link TrainingConfig#validate()}'s own sentence
 * where it has one). {@link #configProperty()} always holds valid settings: a refused value never reaches it.
 * Lives on the FX thread.
 */
public final class HyperparameterForm {
    static final String LENGTH = "1 · Length";
    static final String OPTIMISATION = "2 · Optimisation";
    static final String REGULARISATION = "3 · Regularisation";
    static final String RUN = "4 · Run";

    private final ReadOnlyObjectWrapper<TrainingConfig> config = new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyObjectWrapper<Preset> preset = new ReadOnlyObjectWrapper<>(this, "preset");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", true);
    private final IntegerProperty trainingExamples = new SimpleIntegerProperty(this, "trainingExamples", 60_000);
    private final List<Field> fields = new ArrayList<>();
    private final TextField steps;
    private final TextField epochs;
    private final TextField batchSize;
    private boolean syncing;
    private boolean loading;

    /** One setting: its name, where it is grouped, what it means. */
    public abstract static sealed class Field permits TextField, ChoiceField {
        private final String key;
        private final String name;
        private final String category;
        private final String description;

        Field(String key, String name, String category, String description) {
            this.key = key;
            this.name = name;
            this.category = category;
            this.description = description;
        }

        public String key() {
            return key;
        }

        public String name() {
            return name;
        }

        public String category() {
            return category;
        }

        public String description() {
            return description;
        }

        abstract void load(TrainingConfig config);
    }

    /** A typed value; refused text keeps its own sentence in {@link #errorProperty()}. */
    public static final class TextField extends Field {
        private final StringProperty text = new SimpleStringProperty(this, "text", "");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
        private final Function<String, Object> parser;
        private final BiFunction<TrainingConfig, Object, TrainingConfig> applier;
        private final Function<TrainingConfig, String> formatter;

        TextField(String key, String name, String category, String description, Function<String, Object> parser,
                  BiFunction<TrainingConfig, Object, TrainingConfig> applier, Function<TrainingConfig, String> formatter) {
            super(key, name, category, description);
            this.parser = parser;
            this.applier = applier;
            this.formatter = formatter;
        }

        public StringProperty textProperty() {
            return text;
        }

        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }

        @Override
        void load(TrainingConfig config) {
            text.set(formatter.apply(config));
        }
    }

    /** One of a few values (an optimiser, a schedule, on/off): it cannot be wrong. */
    public static final class ChoiceField<T> extends Field {
        private final Class<T> type;
        private final List<T> choices;
        private final ObjectProperty<T> value = new SimpleObjectProperty<>(this, "value");
        private final BiFunction<TrainingConfig, T, TrainingConfig> applier;
        private final Function<TrainingConfig, T> getter;

        ChoiceField(String key, String name, String category, String description, Class<T> type, List<T> choices,
                    BiFunction<TrainingConfig, T, TrainingConfig> applier, Function<TrainingConfig, T> getter) {
            super(key, name, category, description);
            this.type = type;
            this.choices = List.copyOf(choices);
            this.applier = applier;
            this.getter = getter;
        }

        public Class<T> type() {
            return type;
        }

        public List<T> choices() {
            return choices;
        }

        public ObjectProperty<T> valueProperty() {
            return value;
        }

        @Override
        void load(TrainingConfig config) {
            value.set(getter.apply(config));
        }
    }

    public HyperparameterForm(Preset initial) {
        steps = text("steps", "Steps", LENGTH,
                "Optimisation steps: one batch each. The tutorial trains 20,000.",
                s -> parseLong(s, "Steps"), (c, v) -> c.withSteps((Long) v), c -> Long.toString(c.steps()));
        epochs = text("epochs", "Epochs", LENGTH,
                "Passes over the training set; typing epochs sets the steps.",
                s -> parseEpochs(s), (c, v) -> c.withSteps(TrainingConfig.stepsForEpochs((Double) v, c.batchSize(),
                        trainingExamples.get())), this::formatEpochs);
        batchSize = text("batchSize", "Batch size", OPTIMISATION,
                "Examples per step: larger batches give smoother but fewer updates per epoch.",
                s -> (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, parseLong(s, "Batch size"))),
                (c, v) -> c.withBatchSize((Integer) v), c -> Integer.toString(c.batchSize()));
        text("learningRate", "Learning rate", OPTIMISATION,
                "How far each step moves the weights: 0.001 for SGD in the tutorial, about 0.002 for Adam.",
                s -> parseDouble(s, "Learning rate", "0.001"), (c, v) -> c.withLearningRate((Double) v),
                c -> format(c.learningRate()));
        fields.add(new ChoiceField<>("optimizer", "Optimiser", OPTIMISATION,
                "The update rule: plain SGD (the tutorial), SGD with Nesterov momentum, or Adam.",
                Optimizer.class, List.of(Optimizer.values()), TrainingConfig::withOptimizer, TrainingConfig::optimizer));
        fields.add(new ChoiceField<>("schedule", "Schedule", OPTIMISATION,
                "How the learning rate changes over the run: constant, falling linearly, or along half a cosine.",
                Schedule.class, List.of(Schedule.values()), TrainingConfig::withSchedule, TrainingConfig::schedule));
        text("dropout", "Dropout", REGULARISATION,
                "Fraction of the 1,024 dense units switched off at random while training (0.4 in the tutorial).",
                s -> parseDouble(s, "Dropout", "0.4"), (c, v) -> c.withDropout((Double) v), c -> format(c.dropout()));
        fields.add(new ChoiceField<>("augment", "Augmentation", REGULARISATION,
                "Distort training images (shift, rotation, scale, shear, elastic, pen width) so the model reads drawn digits.",
                Boolean.class, List.of(Boolean.FALSE, Boolean.TRUE), TrainingConfig::withAugment, TrainingConfig::augment));
        text("seed", "Seed", RUN,
                "Seed of every random choice: initial weights, example order, dropout, augmentation.",
                s -> parseLong(s, "Seed"), (c, v) -> c.withSeed((Long) v), c -> Long.toString(c.seed()));
        text("evalEvery", "Evaluate every", RUN,
                "Steps between evaluations on the test set (0: only at the end).",
                s -> parseLong(s, "Evaluate every"), (c, v) -> c.withEvalEvery((Long) v), c -> Long.toString(c.evalEvery()));
        text("checkpointEvery", "Checkpoint every", RUN,
                "Steps between checkpoints an interrupted run can resume from (0: only when it stops).",
                s -> parseLong(s, "Checkpoint every"), (c, v) -> c.withCheckpointEvery((Long) v),
                c -> Long.toString(c.checkpointEvery()));

        for (Field field : fields) {
            if (field instanceof TextField t) {
                t.text.addListener((obs, old, now) -> edited(t));
            } else if (field instanceof ChoiceField<?> c) {
                c.value.addListener((obs, old, now) -> chosen(c));
            }
        }
        trainingExamples.addListener((obs, old, now) -> {
            if (!loading && steps.error.get() == null && epochs.error.get() == null) {
                syncEpochs();
            }
        });
        applyPreset(initial);
    }

    private TextField text(String key, String name, String category, String description, Function<String, Object> parser,
                           BiFunction<TrainingConfig, Object, TrainingConfig> applier, Function<TrainingConfig, String> formatter) {
        TextField field = new TextField(key, name, category, description, parser, applier, formatter);
        fields.add(field);
        return field;
    }

    /** Fills every field from {@code newPreset}'s settings. */
    public void applyPreset(Preset newPreset) {
        preset.set(newPreset);
        load(newPreset.config());
    }

    /** Fills every field from {@code settings} (e.g. those of a checkpoint being resumed). */
    public void load(TrainingConfig settings) {
        loading = true;
        try {
            config.set(settings.validate());
            for (Field field : fields) {
                field.load(settings);
            }
            for (Field field : fields) {
                if (field instanceof TextField t) {
                    t.error.set(null);
                }
            }
        } finally {
            loading = false;
        }
        updateError();
    }

    private void edited(TextField field) {
        if (loading || (syncing && field != steps)) {
            return;
        }
        TrainingConfig candidate;
        try {
            Object value = field.parser.apply(field.text.get().trim().replace("_", "").replace(",", ""));
            candidate = field.applier.apply(config.get(), value).validate();
        } catch (IllegalArgumentException e) {
            field.error.set(e.getMessage());
            updateError();
            return;
        }
        field.error.set(null);
        config.set(candidate);
        if (field == epochs) {
            syncing = true;
            try {
                steps.text.set(Long.toString(candidate.steps()));
                steps.error.set(null);
            } finally {
                syncing = false;
            }
        } else if (!syncing && (field == steps || field == batchSize)) {
            syncEpochs();
        }
        updateError();
    }

    private void chosen(ChoiceField<?> field) {
        if (loading) {
            return;
        }
        config.set(apply(field, config.get()));
        updateError();
    }

    private static <T> TrainingConfig apply(ChoiceField<T> field, TrainingConfig base) {
        return field.applier.apply(base, field.value.get());
    }

    private void syncEpochs() {
        syncing = true;
        try {
            epochs.text.set(formatEpochs(config.get()));
            epochs.error.set(null);
        } finally {
            syncing = false;
        }
    }

    private void updateError() {
        String first = null;
        for (Field field : fields) {
            if (field instanceof TextField t && t.error.get() != null) {
                first = t.error.get();
                break;
            }
        }
        error.set(first);
        valid.set(first == null);
    }

    private String formatEpochs(TrainingConfig c) {
        double value = (double) c.steps() * c.batchSize() / Math.max(1, trainingExamples.get());
        return format(Math.round(value * 100) / 100.0);
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static long parseLong(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number (got '" + text + "').");
        }
    }

    private static double parseDouble(String text, String name, String example) {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number such as " + example + " (got '" + text + "').");
        }
    }

    private static double parseEpochs(String text) {
        double value = parseDouble(text, "Epochs", "2");
        if (!(value > 0 && value <= 10_000)) {
            throw new IllegalArgumentException("Epochs must be above 0 and at most 10,000 (got " + text + ").");
        }
        return value;
    }

    /** Settings that pass {@link TrainingConfig#validate()}, with every refused text left out. */
    public ReadOnlyObjectProperty<TrainingConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    public TrainingConfig config() {
        return config.get();
    }

    /** The preset the fields were last filled from. */
    public ReadOnlyObjectProperty<Preset> presetProperty() {
        return preset.getReadOnlyProperty();
    }

    /** The first refused field's sentence, or null when every field is acceptable. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** How many training examples an epoch is (60,000 for MNIST; set when the data is known). */
    public IntegerProperty trainingExamplesProperty() {
        return trainingExamples;
    }

    public List<Field> fields() {
        return List.copyOf(fields);
    }

    public Field field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no field " + key));
    }
}
