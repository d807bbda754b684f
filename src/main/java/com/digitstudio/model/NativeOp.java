package com.digitstudio.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One call of a libnd4j kernel whose inputs, outputs and arguments are fixed once: each {@link #run()} only
 * executes it, with no shape inference, allocation or graph work. This is what keeps a single-image prediction
 * at about a millisecond; SameDiff's per-call session work cost several (docs/decisions/0006-speed.md).
 */
final class NativeOp implements AutoCloseable {
    private final DynamicCustomOp op;
    private final OpContext context;

    private NativeOp(String name, INDArray[] inputs, INDArray[] outputs, long[] intArgs, double[] floatArgs, boolean[] boolArgs) {
        this.op = DynamicCustomOp.builder(name).build();
        this.context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(inputs);
        context.setOutputArrays(outputs);
        if (intArgs.length > 0) {
            context.setIArguments(intArgs);
        }
        if (floatArgs.length > 0) {
            context.setTArguments(floatArgs);
        }
        if (boolArgs.length > 0) {
            context.setBArguments(boolArgs);
        }
    }

    static NativeOp of(String name, INDArray[] inputs, INDArray[] outputs, long... intArgs) {
        return new NativeOp(name, inputs, outputs, intArgs, new double[0], new boolean[0]);
    }

    static NativeOp withFloats(String name, INDArray[] inputs, INDArray[] outputs, double... floatArgs) {
        return new NativeOp(name, inputs, outputs, new long[0], floatArgs, new boolean[0]);
    }

    static NativeOp withBools(String name, INDArray[] inputs, INDArray[] outputs, long[] intArgs, boolean... boolArgs) {
        return new NativeOp(name, inputs, outputs, intArgs, new double[0], boolArgs);
    }

    static INDArray[] arrays(INDArray... arrays) {
        return arrays;
    }

    void run() {
        Nd4j.getExecutioner().exec(op, context);
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies {@code length} values from {@code source[offset...]} into the start of the float array {@code target}. */
    static void put(INDArray target, float[] source, int offset, int length) {
        ((FloatPointer) target.data().addressPointer()).put(source, offset, length);
    }

    /** Copies the first {@code length} values of the float array {@code source} into {@code target[offset...]}. */
    static void get(INDArray source, float[] target, int offset, int length) {
        ((FloatPointer) source.data().addressPointer()).get(target, offset, length);
    }

    /**
     * Sets how many OpenMP threads the calling thread's kernels use. OpenMP keeps this per thread, so a
     * single-image prediction can run on one thread (ops that small lose more to two threads waking and meeting
     * than they gain: p99 fell from ~5 ms to ~1.5 ms) while training and batches on other threads keep both cores.
     */
    static void useThreads(int threads) {
        Integer current = THREADS.get();
        if (current == null || current != threads) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
            THREADS.set(threads);
        }
    }

    /** The number of threads ND4J chose for this machine, for batches and training. */
    static int defaultThreads() {
        return Math.max(1, Nd4j.getEnvironment().maxThreads());
    }

    private static final ThreadLocal<Integer> THREADS = new ThreadLocal<>();
}
