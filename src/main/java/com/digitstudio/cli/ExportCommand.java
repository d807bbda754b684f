package com.digitstudio.cli;

import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the model in another format: ONNX (opset 13; input \"input\" float [N,1,28,28], pixels 0..1 with ink = 1; output \"probabilities\" [N,10]).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Option(names = "--format", defaultValue = "onnx", paramLabel = "NAME", description = "onnx (the only one). Default: ${DEFAULT-VALUE}.")
    String format;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (e.g. digit.onnx).")
    Path out;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!format.equalsIgnoreCase("onnx")) {
            throw new IllegalArgumentException("--format must be onnx (got " + format + ").");
        }
        OutputPaths.checkWritable(out, "--out");
        DigitClassifier classifier = model.load();
        try {
            if (!(classifier instanceof CnnNetwork network)) {
                throw new IllegalArgumentException("Only Digit Studio's own network can be exported; "
                        + classifier.info().name() + " is a " + classifier.info().engine() + ".");
            }
            OnnxExport.write(network, out);
        } finally {
            classifier.close();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "export");
        fields.put("format", "onnx");
        fields.put("opset", OnnxExport.OPSET);
        fields.put("file", out.toString());
        fields.put("bytes", Files.size(out));
        new Output(spec.commandLine().getOut(), json).emit(fields, String.format(
                "Wrote %s (ONNX, opset %d, %,d bytes): input \"%s\" float [N,1,28,28], pixels 0..1 with ink = 1; output \"%s\" [N,10].",
                out, OnnxExport.OPSET, Files.size(out), OnnxExport.INPUT, OnnxExport.OUTPUT));
        return 0;
    }
}
