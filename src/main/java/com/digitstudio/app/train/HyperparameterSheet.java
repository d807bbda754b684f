package com.digitstudio.app.train;

import com.digitstudio.train.Optimizer;
import com.digitstudio.train.Schedule;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;

import java.util.Optional;

/**
 * The hyperparameters as a ControlsFX {@link PropertySheet}, grouped by what they do. Each editor is bound to
 * its {@link HyperparameterForm} field; a refused value turns its field red and puts the reason in its tooltip
 * (the form's sentence is also shown under the sheet).
 */
final class HyperparameterSheet {
    static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private HyperparameterSheet() {
    }

    static PropertySheet create(HyperparameterForm form) {
        PropertySheet sheet = new PropertySheet();
        sheet.setId("hyperparameters");
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        for (HyperparameterForm.Field field : form.fields()) {
            sheet.getItems().add(new FieldItem(field));
        }
        sheet.setPropertyEditorFactory(item -> editor(((FieldItem) item).field));
        return sheet;
    }

    private static PropertyEditor<?> editor(HyperparameterForm.Field field) {
        Node node;
        if (field instanceof HyperparameterForm.TextField text) {
            TextField input = new TextField();
            input.textProperty().bindBidirectional(text.textProperty());
            input.setPrefColumnCount(8);
            text.errorProperty().addListener((obs, old, now) -> input.pseudoClassStateChanged(INVALID, now != null));
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(Bindings.createStringBinding(
                    () -> text.errorProperty().get() != null ? text.errorProperty().get() : field.description(),
                    text.errorProperty()));
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            input.setTooltip(tip);
            node = input;
        } else {
            node = choiceEditor((HyperparameterForm.ChoiceField<?>) field);
        }
        node.setId("field-" + field.key());
        return new PropertyEditor<Object>() {
            @Override
            public Node getEditor() {
                return node;
            }

            @Override
            public Object getValue() {
                return null;
            }

            @Override
            public void setValue(Object value) {
                // the editors are bound to the form's fields; nothing to copy
            }
        };
    }

    private static <T> Node choiceEditor(HyperparameterForm.ChoiceField<T> field) {
        if (field.type() == Boolean.class) {
            CheckBox box = new CheckBox("distort training images");
            @SuppressWarnings("unchecked")
            HyperparameterForm.ChoiceField<Boolean> flag = (HyperparameterForm.ChoiceField<Boolean>) field;
            box.setSelected(Boolean.TRUE.equals(flag.valueProperty().get()));
            box.selectedProperty().addListener((obs, old, now) -> flag.valueProperty().set(now));
            flag.valueProperty().addListener((obs, old, now) -> box.setSelected(Boolean.TRUE.equals(now)));
            box.setTooltip(new Tooltip(field.description()));
            return box;
        }
        ComboBox<T> combo = new ComboBox<>();
        combo.getItems().setAll(field.choices());
        combo.valueProperty().bindBidirectional(field.valueProperty());
        combo.setButtonCell(new LabelCell<>());
        combo.setCellFactory(list -> new LabelCell<>());
        combo.setTooltip(new Tooltip(field.description()));
        combo.setMaxWidth(Double.MAX_VALUE);
        return combo;
    }

    /** Shows an optimiser or a schedule by its short name. */
    private static final class LabelCell<T> extends ListCell<T> {
        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
            } else if (item instanceof Optimizer o) {
                setText(switch (o) {
                    case SGD -> "SGD";
                    case MOMENTUM -> "SGD + momentum";
                    case ADAM -> "Adam";
                });
            } else if (item instanceof Schedule s) {
                setText(s.label());
            } else {
                setText(item.toString());
            }
        }
    }

    /** A form field as the property sheet sees it. */
    private static final class FieldItem implements PropertySheet.Item {
        private final HyperparameterForm.Field field;

        FieldItem(HyperparameterForm.Field field) {
            this.field = field;
        }

        @Override
        public Class<?> getType() {
            return field instanceof HyperparameterForm.ChoiceField<?> c ? c.type() : String.class;
        }

        @Override
        public String getCategory() {
            return field.category();
        }

        @Override
        public String getName() {
            return field.name();
        }

        @Override
        public String getDescription() {
            return field.description();
        }

        @Override
        public Object getValue() {
            return observable().getValue();
        }

        @Override
        public void setValue(Object value) {
            if (field instanceof HyperparameterForm.TextField t) {
                t.textProperty().set(String.valueOf(value));
            }
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(observable());
        }

        private ObservableValue<?> observable() {
            return field instanceof HyperparameterForm.TextField t ? t.textProperty()
                    : ((HyperparameterForm.ChoiceField<?>) field).valueProperty();
        }
    }
}
