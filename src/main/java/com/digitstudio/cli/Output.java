package com.digitstudio.cli;

import com.digitstudio.support.Json;

import java.io.PrintWriter;
import java.util.Map;

/** Writes a command's results: readable text, or one JSON object per line with {@code --json}. */
final class Output {
    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** A JSON line of {@code fields}, or the text {@code human}. */
    void emit(Map<String, ?> fields, String human) {
        out.println(json ? Json.line(fields) : human);
        out.flush();
    }
}
