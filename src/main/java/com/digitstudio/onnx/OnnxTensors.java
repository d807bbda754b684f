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

    /** Elements a digit model's tensor may have: 64 M, far above any MNIST network's largest weight matrix. */
    static final long MAX_ELEMENTS = 64L << 20;

    /**
     * Checks that a tensor's data is exactly what its shape declares, before the importer allocates from the
     * shape: a file claiming a 10¹² element tensor with a few bytes of data is refused here.
     */
    static void checkSize(Onnx.TensorProto t, String name) throws ModelFormatException {
        long count = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw new ModelFormatException(name + ": the tensor " + t.getName() + " has a negative dimension.");
            }
            count *= d;
            if (count > MAX_ELEMENTS) {
                throw new ModelFormatException(name + ": the tensor " + t.getName() + " declares more values than a digit model has.");
            }
        }
        int type = t.getDataType();
        long elementBytes = switch (Onnx.TensorProto.DataType.forNumber(type) == null ? Onnx.TensorProto.DataType.UNDEFINED
                : Onnx.TensorProto.DataType.forNumber(type)) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> throw new ModelFormatException(name + ": the tensor " + t.getName() + " has a data type this app does not read.");
        };
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new ModelFormatException(name + ": the tensor " + t.getName() + " keeps its data in another file, which this app does not read.");
        }
        long have;
        if (!t.getRawData().isEmpty()) {
            have = t.getRawData().size() / elementBytes;
            if (t.getRawData().size() % elementBytes != 0) {
                have = -1;
            }
        } else {
            have = t.getFloatDataCount() + t.getInt64DataCount() + t.getInt32DataCount() + t.getDoubleDataCount()
                    + t.getUint64DataCount();
        }
        if (have != count) {
            throw new ModelFormatException(String.format("%s: the tensor %s declares %,d values but holds %,d.",
                    name, t.getName(), count, Math.max(have, 0)));
        }
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
