package com.digitstudio.onnx;

import com.digitstudio.model.ModelFormatException;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The float tensors of an ONNX file, read with their sizes checked. */
final class OnnxTensors {
    private OnnxTensors() {
    }

    static float[] floats(Onnx.TensorProto t, String name) throws ModelFormatException {
        if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT.getNumber()) {
            throw new ModelFormatException(name + ": the tensor " + t.getName() + " is not float32.");
        }
        long count = 1;
        for (long d : t.getDimsList()) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFormatException(name + ": the tensor " + t.getName() + " has an impossible shape.");
            }
            count *= d;
            if (count > Integer.MAX_VALUE / 4) {
                throw new ModelFormatException(name + ": the tensor " + t.getName() + " is too large.");
            }
        }
        if (!t.getRawData().isEmpty()) {
            if (t.getRawData().size() != count * 4) {
                throw new ModelFormatException(name + ": the tensor " + t.getName() + " holds "
                        + t.getRawData().size() + " bytes, not the " + count * 4 + " its shape needs.");
            }
            float[] values = new float[(int) count];
            t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        if (t.getFloatDataCount() != count) {
            throw new ModelFormatException(name + ": the tensor " + t.getName() + " holds " + t.getFloatDataCount()
                    + " values, not the " + count + " its shape needs.");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }

    /** The transpose of a 2-D float tensor, as raw little-endian data. */
    static Onnx.TensorProto transpose(Onnx.TensorProto t, String newName, String name) throws ModelFormatException {
        float[] v = floats(t, name);
        int rows = (int) t.getDims(0);
        int cols = (int) t.getDims(1);
        ByteBuffer out = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                out.putFloat(v[r * cols + c]);
            }
        }
        return Onnx.TensorProto.newBuilder().setName(newName).setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .addDims(cols).addDims(rows).setRawData(ByteString.copyFrom(out.array())).build();
    }
}
