package com.digitstudio.app;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

import java.util.Optional;

/** The app's few dialogs: an error is one sentence, a question has a clear default. */
public final class Dialogs {
    private Dialogs() {
    }

    /** Shows {@code sentence} as an error, without blocking. */
    public static Alert error(Window owner, String title, String sentence) {
        Alert alert = new Alert(Alert.AlertType.ERROR, sentence, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("errorDialog");
        alert.getDialogPane().setMinWidth(420);
        alert.show();
        return alert;
    }

    /** Asks {@code question}; true when the user chose {@code yes}. Blocks until answered. */
    public static boolean confirm(Window owner, String title, String question, String yes) {
        ButtonType proceed = new ButtonType(yes, javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, proceed, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("confirmDialog");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(proceed)).setDefaultButton(false);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == proceed;
    }
}
