package com.digitstudio.adapt;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.Stroke;

import java.nio.file.Path;
import java.util.List;

/** A second process for {@link MyDigitsTest}: adds {@code count} drawings of {@code label} to a file, one update each. */
public final class MyDigitsWriter {
    private MyDigitsWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int label = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) {
            return;
        }
        for (int i = 0; i < count; i++) {
            MyDigits.update(file, List.of(new MyDigits.Added(MyDigits.Drawing.of(label, ink(i)))));
        }
    }

    static Ink ink(int i) {
        return new Ink(List.of(new Stroke(List.of(new InkPoint(i, 0, 0), new InkPoint(i, 50, 10)))));
    }
}
