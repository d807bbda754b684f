#!/usr/bin/python3
"""Writes the Keras 2 .h5 test fixtures in src/test/resources/keras/ (and a Keras 3 one to be refused).

Needs only numpy and h5py (Debian: python3-numpy python3-h5py); no TensorFlow. The models are small and trained
here with numpy on MNIST; their files follow the layout tf.keras 2.x writes with model.save("x.h5") (root attributes
keras_version, backend, model_config; one group per layer under model_weights, each with weight_names and its
datasets at <layer>/<layer>/<weight>:0). Keras semantics are computed here in numpy (channels_last, kernels
(kh, kw, in, out), Flatten in h, w, c order), and expected.json records what each model answers on the app's 500
built-in test images (src/main/resources/mnist-sample), so the Java test checks the import against Keras's
arithmetic, not against itself.

usage: make_keras_fixtures.py MNIST_DIR   (a folder with the four MNIST IDX files, gzipped or not)
"""
import gzip
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "keras")


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit("missing " + stem + " in " + folder)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ---- Keras arithmetic in numpy -------------------------------------------------------------------------------
def conv_valid_relu(x, kernel, bias):
    """x: (n, 28, 28, 1) channels_last; kernel (3, 3, 1, f): Keras Conv2D, padding valid, stride 1, then ReLU."""
    kh, kw = kernel.shape[:2]
    n, h, w, _ = x.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, kernel.shape[3]), dtype=np.float32)
    for i in range(kh):
        for j in range(kw):
            out += np.tensordot(x[:, i:i + h - kh + 1, j:j + w - kw + 1, :], kernel[i, j], axes=([3], [0]))
    return np.maximum(out + bias, 0)


def maxpool2(x):
    n, h, w, c = x.shape
    h2, w2 = h // 2, w // 2
    x = x[:, :h2 * 2, :w2 * 2, :].reshape(n, h2, 2, w2, 2, c)
    return x.max(axis=(2, 4))


def cnn_features(images01, kernel, bias):
    feats = []
    for start in range(0, len(images01), 2000):
        x = images01[start:start + 2000].reshape(-1, 28, 28, 1)
        feats.append(maxpool2(conv_valid_relu(x, kernel, bias)).reshape(len(x), -1))  # Flatten: h, w, c order
    return np.concatenate(feats)


# ---- training (numpy, minibatch SGD) ---------------------------------------------------------------------------
def train_softmax(features, labels, epochs, lr, rng):
    w = np.zeros((features.shape[1], 10), dtype=np.float32)
    b = np.zeros(10, dtype=np.float32)
    onehot = np.eye(10, dtype=np.float32)[labels]
    for _ in range(epochs):
        order = rng.permutation(len(features))
        for start in range(0, len(order), 100):
            i = order[start:start + 100]
            g = (softmax(features[i] @ w + b) - onehot[i]) / len(i)
            w -= lr * features[i].T @ g
            b -= lr * g.sum(axis=0)
    return w, b


def train_mlp(x, labels, hidden, epochs, lr, rng):
    w1 = (rng.standard_normal((784, hidden)) * np.sqrt(2 / 784)).astype(np.float32)
    b1 = np.zeros(hidden, dtype=np.float32)
    w2 = (rng.standard_normal((hidden, 10)) * np.sqrt(1 / hidden)).astype(np.float32)
    b2 = np.zeros(10, dtype=np.float32)
    onehot = np.eye(10, dtype=np.float32)[labels]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(order), 100):
            i = order[start:start + 100]
            h = np.maximum(x[i] @ w1 + b1, 0)
            g2 = (softmax(h @ w2 + b2) - onehot[i]) / len(i)
            g1 = (g2 @ w2.T) * (h > 0)
            w2 -= lr * h.T @ g2
            b2 -= lr * g2.sum(axis=0)
            w1 -= lr * x[i].T @ g1
            b1 -= lr * g1.sum(axis=0)
    return w1, b1, w2, b2


# ---- Keras 2 file layout ---------------------------------------------------------------------------------------
def initializers():
    return {"kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "bias_constraint": None}


def input_layer(name, shape):
    return {"class_name": "InputLayer",
            "config": {"batch_input_shape": [None] + shape, "dtype": "float32", "sparse": False, "ragged": False,
                       "name": name}}


def conv2d(name, filters, activation):
    return {"class_name": "Conv2D",
            "config": dict({"name": name, "trainable": True, "dtype": "float32", "filters": filters,
                            "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
                            "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
                            "activation": activation, "use_bias": True}, **initializers())}


def maxpool(name):
    return {"class_name": "MaxPooling2D",
            "config": {"name": name, "trainable": True, "dtype": "float32", "pool_size": [2, 2], "padding": "valid",
                       "strides": [2, 2], "data_format": "channels_last"}}


def flatten(name):
    return {"class_name": "Flatten",
            "config": {"name": name, "trainable": True, "dtype": "float32", "data_format": "channels_last"}}


def dense(name, units, activation):
    return {"class_name": "Dense",
            "config": dict({"name": name, "trainable": True, "dtype": "float32", "units": units,
                            "activation": activation, "use_bias": True}, **initializers())}


def dropout(name, rate):
    return {"class_name": "Dropout",
            "config": {"name": name, "trainable": True, "dtype": "float32", "rate": rate, "noise_shape": None,
                       "seed": None}}


def write(path, keras_version, model_config, weights):
    """weights: [(layer name, [(weight name, array)])] for every layer in order (empty list: no weights)."""
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = keras_version.encode()
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([name.encode() for name, _ in weights])
        g.attrs["backend"] = b"tensorflow"
        g.attrs["keras_version"] = keras_version.encode()
        for name, arrays in weights:
            layer = g.create_group(name)
            layer.attrs["weight_names"] = np.array([(name + "/" + w + ":0").encode() for w, _ in arrays], dtype="S")
            for w, array in arrays:
                layer.create_dataset(name + "/" + w + ":0", data=np.asarray(array, dtype=np.float32))


def functional(name, layers, links, inputs, outputs, class_name):
    """A functional model config: links[i] = the name of the layer feeding layers[i] (None for the input)."""
    out = []
    for layer, source in zip(layers, links):
        entry = dict(layer)
        entry["name"] = layer["config"]["name"]
        entry["inbound_nodes"] = [] if source is None else [[[source, 0, 0, {}]]]
        out.append(entry)
    return {"class_name": class_name,
            "config": {"name": name, "layers": out, "input_layers": [[inputs, 0, 0]],
                       "output_layers": [[outputs, 0, 0]]}}


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    mnist = sys.argv[1]
    train_x = idx(find(mnist, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    train_y = idx(find(mnist, "train-labels-idx1-ubyte")).astype(np.int64)
    test_x = idx(find(mnist, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    test_y = idx(find(mnist, "t10k-labels-idx1-ubyte")).astype(np.int64)
    sample_dir = os.path.join(ROOT, "src", "main", "resources", "mnist-sample")
    sample_x = idx(os.path.join(sample_dir, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32) / 255
    sample_y = idx(os.path.join(sample_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    rng = np.random.default_rng(20261201)
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    def record(file, expects, probabilities_of):
        p_test = probabilities_of(test_x)
        p_sample = probabilities_of(sample_x)
        expected[file] = {
            "expects": expects,
            "mnist_test_accuracy": float((p_test.argmax(1) == test_y).mean()),
            "sample_accuracy": float((p_sample.argmax(1) == sample_y).mean()),
            "sample_predictions": [int(v) for v in p_sample.argmax(1)],
            "sample_probabilities_first_10": [[round(float(v), 6) for v in row] for row in p_sample[:10]],
        }
        print(file, expects, "MNIST test accuracy", expected[file]["mnist_test_accuracy"])

    # 1. Sequential CNN, channels_last 28x28x1, pixels 0..1, softmax output (Keras 2.10 layout).
    kernel = (rng.standard_normal((3, 3, 1, 8)) * 0.5).astype(np.float32)
    kbias = (rng.standard_normal(8) * 0.05).astype(np.float32)
    feats = cnn_features(train_x, kernel, kbias)
    w, b = train_softmax(feats, train_y, epochs=4, lr=0.1, rng=rng)
    cnn = {"class_name": "Sequential",
           "config": {"name": "sequential",
                      "layers": [input_layer("conv2d_input", [28, 28, 1]), conv2d("conv2d", 8, "relu"),
                                 maxpool("max_pooling2d"), flatten("flatten"), dense("dense", 10, "softmax")]}}
    cnn_weights = [("conv2d", [("kernel", kernel), ("bias", kbias)]), ("max_pooling2d", []), ("flatten", []),
                   ("dense", [("kernel", w), ("bias", b)])]
    write(os.path.join(OUT, "cnn-sequential.h5"), "2.10.0", cnn, cnn_weights)
    record("cnn-sequential.h5", "pixels 0..1, NHWC",
           lambda x: softmax(cnn_features(x, kernel, kbias) @ w + b))

    # 2. TensorFlow's beginner tutorial shape: Flatten(28x28) -> Dense 64 relu -> Dropout -> Dense 10 logits.
    w1, b1, w2, b2 = train_mlp(train_x, train_y, hidden=64, epochs=3, lr=0.1, rng=rng)
    mlp = {"class_name": "Sequential",
           "config": {"name": "sequential_1",
                      "layers": [input_layer("flatten_input", [28, 28]), flatten("flatten"),
                                 dense("dense", 64, "relu"), dropout("dropout", 0.2), dense("dense_1", 10, "linear")]}}
    write(os.path.join(OUT, "mlp-logits.h5"), "2.10.0", mlp,
          [("flatten", []), ("dense", [("kernel", w1), ("bias", b1)]), ("dropout", []),
           ("dense_1", [("kernel", w2), ("bias", b2)])])
    record("mlp-logits.h5", "pixels 0..1, [N,28,28]", lambda x: softmax(np.maximum(x @ w1 + b1, 0) @ w2 + b2))

    # 3. The same MLP as a functional model on 784 values that expects bytes 0..255 (Keras 2.3's "Model" class).
    w1_bytes = w1 / 255
    layers = [input_layer("input_1", [784]), dense("dense", 64, "relu"), dense("dense_1", 10, "softmax")]
    layers[0]["config"].pop("ragged")
    graph = functional("model", layers, [None, "input_1", "dense"], "input_1", "dense_1", "Model")
    write(os.path.join(OUT, "mlp-functional-bytes.h5"), "2.3.1", graph,
          [("input_1", []), ("dense", [("kernel", w1_bytes), ("bias", b1)]), ("dense_1", [("kernel", w2), ("bias", b2)])])
    record("mlp-functional-bytes.h5", "pixels 0..255, [N,784]",
           lambda x: softmax(np.maximum((x * 255) @ w1_bytes + b1, 0) @ w2 + b2))

    # 4. Keras 3 wrote this one (its version attribute says so): the app must refuse it in one sentence.
    write(os.path.join(OUT, "keras3.h5"), "3.3.3", cnn, cnn_weights)

    # 5. Weights alone (what model.save_weights writes): no model to import.
    with h5py.File(os.path.join(OUT, "weights-only.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.10.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["layer_names"] = np.array([b"dense"])
        layer = f.create_group("dense")
        layer.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
        layer.create_dataset("dense/kernel:0", data=w)
        layer.create_dataset("dense/bias:0", data=b)

    # 6. A few kilobytes that declare a 100,000 x 1,000 weight array (chunked, never written, so not stored):
    #    an importer that trusts shapes would allocate 400 MB for it.
    with h5py.File(os.path.join(OUT, "huge-declared.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.10.0"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(cnn).encode("utf8")
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([b"dense"])
        layer = g.create_group("dense")
        layer.attrs["weight_names"] = np.array([b"dense/kernel:0"])
        layer.create_dataset("dense/kernel:0", shape=(100000, 1000), dtype="f4", chunks=(1000, 100))

    # 7. A model config whose Dense layer has 100 million units (with one small weight array): an importer that
    #    builds its layers from the config would allocate 1,352 x 100 M floats before reading a weight.
    big = json.loads(json.dumps(cnn))
    big["config"]["layers"][-1]["config"]["units"] = 100_000_000
    write(os.path.join(OUT, "huge-config.h5"), "2.10.0", big,
          [("conv2d", [("kernel", kernel), ("bias", kbias)]), ("max_pooling2d", []), ("flatten", []),
           ("dense", [("kernel", w), ("bias", b)])])

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
