package com.digitstudio.cli;

import com.digitstudio.data.DataLocator;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistFile;
import com.digitstudio.data.MnistSet;
import com.digitstudio.data.MnistDownloader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code --data DIR}: where MNIST is, downloaded there when missing. */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder holding MNIST's IDX files. Default: $DIGIT_STUDIO_DATA, else ~/.cache/digit-studio/mnist (downloaded there if missing).")
    Path data;

    @Option(names = "--no-download", description = "Fail instead of downloading MNIST when it is missing.")
    boolean noDownload;

    Path folder() {
        return DataLocator.resolve(data);
    }

    MnistSet load(MnistData.Split split, PrintWriter err) throws IOException, InterruptedException {
        Path dir = folder();
        List<MnistFile> missing = MnistData.missing(dir, split);
        if (!missing.isEmpty()) {
            if (noDownload) {
                throw new java.io.FileNotFoundException("MNIST file " + missing.get(0).gzipName() + " is not in " + dir + ".");
            }
            err.println("MNIST is not in " + dir + "; downloading it.");
            err.flush();
            new MnistDownloader().download(dir, missing, progress -> {
                err.printf("\r%s: %d%%   ", progress.file().gzipName(), Math.round(progress.fraction() * 100));
                err.flush();
            }, () -> false);
            err.println();
        }
        return MnistData.load(dir, split);
    }
}
