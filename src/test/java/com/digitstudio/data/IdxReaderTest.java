package com.digitstudio.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static com.digitstudio.data.IdxFiles.gzip;
import static com.digitstudio.data.IdxFiles.ubyte;
import static com.digitstudio.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] oneImage() {
        byte[] data = new byte[784];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return ubyte(new int[]{1, 28, 28}, data);
    }

    @Test
    void readsARawFile() throws IOException {
        Path file = write(dir.resolve("images-idx3-ubyte"), oneImage());

        IdxReader.IdxData data = IdxReader.read(file, 3);

        assertThat(data.dims()).containsExactly(1, 28, 28);
        assertThat(data.count()).isEqualTo(1);
        assertThat(data.data()).hasSize(784);
        assertThat(data.data()[200] & 0xff).isEqualTo(200);
    }

    @Test
    void readsAGzippedFileWithTheSameContentAsTheRawOne() throws IOException {
        Path raw = write(dir.resolve("raw"), oneImage());
        // gzip is recognised by its magic bytes, not by the name
        Path gzipped = write(dir.resolve("no-gz-suffix"), gzip(oneImage()));

        IdxReader.IdxData fromRaw = IdxReader.read(raw, 3);
        IdxReader.IdxData fromGzip = IdxReader.read(gzipped, 3);

        assertThat(fromGzip.dims()).containsExactly(fromRaw.dims());
        assertThat(Arrays.equals(fromGzip.data(), fromRaw.data())).isTrue();
    }

    @Test
    void readsALabelFile() throws IOException {
        Path file = write(dir.resolve("labels.gz"), gzip(IdxFiles.labels(7, 2, 1)));

        IdxReader.IdxData data = IdxReader.read(file, 1);

        assertThat(data.dims()).containsExactly(3);
        assertThat(data.data()).containsExactly(7, 2, 1);
    }

    @Test
    void refusesABadMagicNumber() throws IOException {
        Path file = write(dir.resolve("photo.jpg"), new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0});

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("photo.jpg is not an IDX file: its magic number is 0xFFD8FFE0, expected 0x00000803.");
    }

    @Test
    void refusesTheWrongNumberOfDimensions() throws IOException {
        Path file = write(dir.resolve("labels"), IdxFiles.labels(1, 2, 3));

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("labels has 1 dimension(s), expected 3 (magic 0x00000801).");
    }

    @Test
    void refusesDataThatIsNotUnsignedBytes() throws IOException {
        // type 0x0D: 4-byte floats
        Path file = write(dir.resolve("floats"), IdxFiles.idx(0x0D, new int[]{1, 28, 28}, new byte[784 * 4]));

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("floats holds IDX data of type 0x0D; only unsigned bytes (0x08) are supported.");
    }

    @Test
    void refusesARawFileWithTruncatedData() throws IOException {
        Path file = write(dir.resolve("short"), Arrays.copyOf(oneImage(), 16 + 100));

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("short is truncated: its header declares 784 bytes of data but only 100 are there.");
    }

    @Test
    void refusesAFileThatEndsInsideItsHeader() throws IOException {
        Path file = write(dir.resolve("header-only"), Arrays.copyOf(oneImage(), 10));

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("header-only ends inside its header (dimension 2 of 3).");
    }

    @Test
    void refusesAGzippedFileWithTruncatedData() throws IOException {
        byte[] whole = gzip(oneImage());
        Path file = write(dir.resolve("short.gz"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("short.gz is a truncated gzip file: it ends before its compressed data does.");
    }

    @Test
    void refusesTrailingDataAfterWhatTheHeaderDeclares() throws IOException {
        byte[] content = Arrays.copyOf(oneImage(), 16 + 784 + 5);
        Path file = write(dir.resolve("long"), content);

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("long has data after the 784 bytes its header declares.");
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        Path file = write(dir.resolve("empty"), new byte[0]);

        assertThatThrownBy(() -> IdxReader.read(file, 1))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("empty is too short to be an IDX file (no 4-byte header).");
    }

    @Test
    void refusesCorruptGzipData() throws IOException {
        byte[] content = gzip(oneImage());
        for (int i = 12; i < content.length - 8; i++) {
            content[i] = (byte) 0xFF; // the deflate stream becomes garbage
        }
        Path file = write(dir.resolve("corrupt.gz"), content);

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("corrupt.gz is not valid gzip data: it is corrupt or cut short.");
    }

    @Test
    void refusesAGzipFileWithAWrongChecksum() throws IOException {
        byte[] content = gzip(oneImage());
        content[content.length - 6] ^= 0x55; // CRC-32 in the trailer
        Path file = write(dir.resolve("crc.gz"), content);

        assertThatThrownBy(() -> IdxReader.read(file, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("crc.gz is not valid gzip data: it is corrupt or cut short.");
    }
}
