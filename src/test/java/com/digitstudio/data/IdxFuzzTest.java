package com.digitstudio.data;

import com.digitstudio.Mutations;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged IDX files, raw and gzipped: each is read or refused with a sentence; nothing else ever escapes. */
class IdxFuzzTest {
    private static final byte[] VALID = IdxFiles.images(20);

    @Provide
    Arbitrary<byte[]> damaged() {
        return Mutations.of(VALID);
    }

    @Provide
    Arbitrary<byte[]> damagedGzip() throws IOException {
        return Mutations.of(IdxFiles.gzip(VALID));
    }

    @Property(tries = 400)
    void aDamagedRawFileIsReadOrRefusedInWords(@ForAll("damaged") byte[] bytes) throws IOException {
        readOrRefuse(bytes, "-idx3-ubyte");
    }

    @Property(tries = 300)
    void aDamagedGzipFileIsReadOrRefusedInWords(@ForAll("damagedGzip") byte[] bytes) throws IOException {
        readOrRefuse(bytes, "-idx3-ubyte.gz");
    }

    /** Reads {@code bytes} as a file: only an IdxFormatException that names the file may escape. */
    private static void readOrRefuse(byte[] bytes, String suffix) throws IOException {
        Path file = Files.createTempFile("fuzz", suffix);
        try {
            Files.write(file, bytes);
            IdxReader.read(file, 3);
        } catch (IdxFormatException e) {
            assertThat(e.getMessage()).startsWith(file.getFileName().toString()).endsWith(".");
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 300)
    void aDamagedStreamIsReadOrRefused(@ForAll("damaged") byte[] bytes) throws IOException {
        try {
            IdxReader.read(new ByteArrayInputStream(bytes), "x", 3);
        } catch (IdxFormatException e) {
            assertThat(e.getMessage()).startsWith("x ");
        }
    }
}
