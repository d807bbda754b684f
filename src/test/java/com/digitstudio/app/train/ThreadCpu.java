package com.digitstudio.app.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This process's CPU seconds by thread name, native threads included (Linux {@code /proc/self/task}; a measuring
 * aid for the dev launcher, not a test).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** CPU seconds by thread name now. */
    static Map<String, Double> snapshot() {
        Map<String, Double> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    byName.merge(name.replaceAll("[0-9]+$", "#"), seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byName;
    }

    static void print(PrintStream out) {
        print(out, Map.of());
    }

    /** Prints the CPU seconds by thread since {@code since} (a {@link #snapshot()}), the busiest first. */
    static void print(PrintStream out, Map<String, Double> since) {
        Map<String, Double> byName = new TreeMap<>(snapshot());
        byName.replaceAll((name, seconds) -> seconds - since.getOrDefault(name, 0.0));
        double total = byName.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Map.Entry<String, Double>> rows = new ArrayList<>(byName.entrySet());
        rows.sort(Map.Entry.comparingByValue((a, b) -> Double.compare(b, a)));
        out.printf("  %-32s %7.2f s%n", "all threads", total);
        for (Map.Entry<String, Double> row : rows.subList(0, Math.min(14, rows.size()))) {
            out.printf("  %-32s %7.2f s%n", row.getKey(), row.getValue());
        }
    }
}
