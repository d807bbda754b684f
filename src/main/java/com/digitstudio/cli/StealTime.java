package com.digitstudio.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Steal time: CPU time this machine's virtual CPUs were ready to run but the host ran something else (Linux's
 * {@code /proc/stat}). The benchmark reports it beside its training figures: on a shared host it is what moves
 * them most from one run to the next.
 */
final class StealTime {
    /** {@code /proc/stat} counts in USER_HZ, 100 a second on Linux whatever the kernel's own tick. */
    private static final double TICKS_PER_SECOND = 100;

    private StealTime() {
    }

    /** CPU seconds of steal since boot, summed over the CPUs; NaN where {@code /proc/stat} cannot be read. */
    static double seconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            return lines.isEmpty() ? Double.NaN : parse(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The steal seconds in {@code /proc/stat}'s first line ("cpu user nice system idle iowait irq softirq steal ..."). */
    static double parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) {
            return Double.NaN;
        }
        try {
            return Long.parseLong(fields[8]) / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
