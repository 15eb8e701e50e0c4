package org.backprop.loop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.io.Json;
import org.backprop.tensor.Bytes;
import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The bytes of one checkpoint: a JSON header and named tensors, sealed by a SHA-256 of everything
 * before it, so a file cut short or changed by even one bit is detected before anything in it is
 * believed.
 *
 * <pre>
 * "BPCKPT01"                       8 bytes
 * header length n                  int32, little-endian
 * header                           n bytes of UTF-8 JSON; "tensors": [{name, dtype, shape}, …]
 * tensor data                      each tensor's elements in order, little-endian float32 / float64
 * SHA-256 of all the bytes above   32 bytes
 * </pre>
 */
final class CheckpointFile {
    private static final byte[] MAGIC = "BPCKPT01".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    /** More tensors than this in one checkpoint means the header is not ours. */
    private static final int MAX_TENSORS = 1_000_000;

    /** A decoded checkpoint: its header (without the tensor list) and its tensors by name, in order. */
    record Contents(Map<String, Object> header, Map<String, Tensor> tensors) {
    }

    private CheckpointFile() {
    }

    static byte[] encode(Map<String, Object> header, Map<String, Tensor> tensors) {
        List<Object> list = new ArrayList<>();
        long dataBytes = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.getKey());
            m.put("dtype", t.dtype() == DType.FLOAT32 ? "float32" : "float64");
            List<Object> dims = new ArrayList<>();
            for (int d : t.shape().dims()) {
                dims.add((long) d);
            }
            m.put("shape", dims);
            list.add(m);
            dataBytes += (long) t.size() * (t.dtype() == DType.FLOAT32 ? 4 : 8);
        }
        Map<String, Object> full = new LinkedHashMap<>(header);
        full.put("tensors", list);
        byte[] json = Json.write(full).getBytes(StandardCharsets.UTF_8);
        long total = MAGIC.length + 4L + json.length + dataBytes + DIGEST;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("checkpoint: " + total + " bytes is more than one file can hold here");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(json.length).put(json);
        for (Tensor t : tensors.values()) {
            if (t.dtype() == DType.FLOAT32) {
                out.put(Bytes.littleEndian(t.floatData()));
            } else {
                for (double v : t.doubleData()) {
                    out.putDouble(v);
                }
            }
        }
        MessageDigest sha = Bytes.sha256();
        sha.update(out.array(), 0, out.position());
        out.put(sha.digest());
        return out.array();
    }

    /**
     * Checks the seal, then reads the header and tensors, checking every size against the file.
     *
     * @throws IllegalArgumentException saying what is wrong (the caller names the file)
     */
    @SuppressWarnings("unchecked")
    static Contents decode(byte[] bytes) {
        if (bytes.length < MAGIC.length + 4 + DIGEST) {
            throw new IllegalArgumentException("too short (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not a Backprop checkpoint (bad magic bytes)");
            }
        }
        int sealed = bytes.length - DIGEST;
        MessageDigest sha = Bytes.sha256();
        sha.update(bytes, 0, sealed);
        byte[] digest = sha.digest();
        for (int i = 0; i < DIGEST; i++) {
            if (digest[i] != bytes[sealed + i]) {
                throw new IllegalArgumentException("checksum mismatch (the file is damaged or incomplete)");
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, sealed).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length);
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("header length " + n + " exceeds the file");
        }
        Map<String, Object> header = (Map<String, Object>) Json.parse(
                new String(bytes, in.position(), n, StandardCharsets.UTF_8));
        in.position(in.position() + n);
        List<Object> list = (List<Object>) header.remove("tensors");
        if (list == null || list.size() > MAX_TENSORS) {
            throw new IllegalArgumentException("bad tensor list");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            boolean single = "float32".equals(m.get("dtype"));
            List<Object> dimList = (List<Object>) m.get("shape");
            int[] dims = new int[dimList.size()];
            long size = 1;
            for (int d = 0; d < dims.length; d++) {
                long v = ((Number) dimList.get(d)).longValue();
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("tensor " + m.get("name") + ": bad dimension " + v);
                }
                dims[d] = (int) v;
                size *= v;
                if (size > in.remaining()) {
                    throw new IllegalArgumentException("tensor " + m.get("name") + " exceeds the file");
                }
            }
            long need = size * (single ? 4 : 8);
            if (need > in.remaining()) {
                throw new IllegalArgumentException("tensor " + m.get("name") + " exceeds the file");
            }
            Tensor t;
            if (single) {
                float[] f = new float[(int) size];
                in.asFloatBuffer().get(f);
                t = Tensor.wrap(f, Shape.of(dims));
            } else {
                double[] d = new double[(int) size];
                in.asDoubleBuffer().get(d);
                t = Tensor.wrap(d, Shape.of(dims));
            }
            in.position(in.position() + (int) need);
            tensors.put((String) m.get("name"), t);
        }
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the tensors");
        }
        return new Contents(header, tensors);
    }
}
