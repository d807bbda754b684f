package com.digitstudio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy {@code .npy} arrays laid out as NumPy writes them, with whatever header a hostile-input test needs. */
public final class CraftedNpy {
    private CraftedNpy() {
    }

    public static String header(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    /** Magic, version 1.0, header length, the header padded to 64 bytes, then the payload. */
    public static byte[] npy(String header, byte[] payload) {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        int padded = ((10 + text.length + 1 + 63) / 64) * 64 - 10;
        ByteBuffer b = ByteBuffer.allocate(10 + padded + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) padded);
        b.put(text);
        for (int i = text.length; i < padded - 1; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        b.put(payload);
        return b.array();
    }
}
