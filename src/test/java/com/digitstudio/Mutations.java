package com.digitstudio;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Damaged copies of a valid file, for fuzzing the readers: flipped bytes (mostly in the first 128, where headers
 * and sizes live), 32-bit values written over header fields (0, -1, huge), truncations and appended junk.
 */
public final class Mutations {
    private Mutations() {
    }

    public static Arbitrary<byte[]> of(byte[] valid) {
        return Arbitraries.randoms().map(random -> mutate(valid, random));
    }

    public static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(5)) {
                case 0, 1 -> {
                    int at = position(b.length, r);
                    b[at] = (byte) r.nextInt(256);
                }
                case 2 -> {
                    int at = Math.min(position(b.length, r), Math.max(0, b.length - 4));
                    int[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, r.nextInt()};
                    if (b.length >= 4) {
                        ByteBuffer.wrap(b).putInt(at, values[r.nextInt(values.length)]);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, r.nextInt(Math.max(1, b.length)));
                default -> {
                    byte[] junk = new byte[1 + r.nextInt(64)];
                    r.nextBytes(junk);
                    byte[] longer = Arrays.copyOf(b, b.length + junk.length);
                    System.arraycopy(junk, 0, longer, b.length, junk.length);
                    b = longer;
                }
            }
            if (b.length == 0) {
                return b;
            }
        }
        return b;
    }

    private static int position(int length, Random r) {
        return r.nextInt(10) < 7 ? r.nextInt(Math.min(length, 128)) : r.nextInt(length);
    }
}
