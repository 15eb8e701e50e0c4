package org.backprop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop.tensor.Tensor;

/** Runs an ONNX model in ONNX Runtime (the reference) on a float32 batch; returns every output by name. */
final class Ort {
    private Ort() {
    }

    static Map<String, Object> run(byte[] model, String input, Tensor x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] dims = x.shape().dims();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), shape);
                 OrtSession.Result r = session.run(Map.of(input, t))) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.put(e.getKey(), e.getValue().getValue());
                }
                return out;
            }
        }
    }
}
