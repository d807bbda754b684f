package com.digitstudio.ink;

/**
 * A drawing with the digit it is meant to be, and optionally the group it belongs to (a writer, a site: whatever a
 * stroke file says in the field the reader was asked for), or null.
 */
public record LabelledInk(int label, Ink ink, String group) {
}
