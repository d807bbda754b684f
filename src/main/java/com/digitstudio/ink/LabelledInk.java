package com.digitstudio.ink;

/** A drawing with the digit it is meant to be. */
public record LabelledInk(int label, Ink ink) {
}
