package org.backprop.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX {@code TensorProto}s in and out: the one place that knows how ONNX stores numbers
 * ({@code raw_data} little-endian, or the typed {@code float_data}/{@code double_data} lists).
 *
 * <p>Reading trusts nothing: every dimension is checked to be non-negative, their product against
 * {@link #MAX_ELEMENTS}, and the number of stored values against that product, before an array is
 * allocated.
 */
final class OnnxTensors {
    /** The most values one tensor may hold (about 400 MB of float32). */
    static final long MAX_ELEMENTS = 100_000_000L;
    /** The highest rank read. */
    static final int MAX_RANK = 8;

    private OnnxTensors() {
    }

    /**
     * A constant's values and dimensions.
     *
     * @param dims   the dimensions
     * @param values the values, row-major, widened to double
     */
    record Numbers(long[] dims, double[] values) {
        /** The number of values. */
        int size() {
            return values.length;
        }

        /** The dimensions as {@code [a, b]}. */
        String shapeText() {
            return OnnxTensors.shapeText(dims);
        }

        /** Whether this holds one value (rank 0, or every dimension 1). */
        boolean isScalar() {
            return values.length == 1;
        }
    }

    /** A float32 tensor {@code name} with {@code dims}, stored as little-endian {@code raw_data}. */
    static TensorProto floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** A float64 tensor {@code name} with {@code dims}, stored as little-endian {@code raw_data}. */
    static TensorProto doubles(String name, double[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.DOUBLE_VALUE).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** A one-dimensional string tensor {@code name}. */
    static TensorProto strings(String name, List<String> values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.STRING_VALUE)
                .addDims(values.size());
        for (String v : values) {
            t.addStringData(ByteString.copyFromUtf8(v));
        }
        return t.build();
    }

    /**
     * Reads a float32 or float64 tensor (float16 and integer tensors are refused).
     *
     * @param where what it is, for messages (such as {@code initializer 'fc1.weight'})
     * @throws OnnxFormatException if it is not numeric, its dimensions are bad, or its stored values do
     *                             not match them
     */
    static Numbers numbers(TensorProto t, String where) {
        long[] dims = dims(t, where);
        long count = elementCount(dims, where);
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxFormatException(where + ": its data is stored in an external file, which is not supported; "
                    + "save the model with its weights inside");
        }
        int type = t.getDataType();
        boolean raw = !t.getRawData().isEmpty();
        double[] values = new double[(int) count];
        if (type == DataType.FLOAT_VALUE) {
            long stored = raw ? t.getRawData().size() / Float.BYTES : t.getFloatDataCount();
            checkCount(where, dims, count, stored, raw && t.getRawData().size() % Float.BYTES != 0);
            if (raw) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    values[i] = b.getFloat();
                }
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getFloatData(i);
                }
            }
        } else if (type == DataType.DOUBLE_VALUE) {
            long stored = raw ? t.getRawData().size() / Double.BYTES : t.getDoubleDataCount();
            checkCount(where, dims, count, stored, raw && t.getRawData().size() % Double.BYTES != 0);
            if (raw) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    values[i] = b.getDouble();
                }
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getDoubleData(i);
                }
            }
        } else {
            throw new OnnxFormatException(where + ": element type " + typeName(type)
                    + " is not supported; expected float or double");
        }
        return new Numbers(dims, values);
    }

    /**
     * Reads a one-dimensional string tensor (class names).
     *
     * @throws OnnxFormatException if it is not one, or its count does not match its dimension
     */
    static List<String> strings(TensorProto t, String where) {
        long[] dims = dims(t, where);
        long count = elementCount(dims, where);
        if (t.getDataType() != DataType.STRING_VALUE || dims.length != 1) {
            throw new OnnxFormatException(where + ": expected a one-dimensional string tensor, got "
                    + typeName(t.getDataType()) + " " + shapeText(dims));
        }
        checkCount(where, dims, count, t.getStringDataCount(), false);
        List<String> out = new ArrayList<>();
        for (ByteString s : t.getStringDataList()) {
            out.add(s.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** ONNX's name of an element type ({@code FLOAT}, {@code INT64}, …), or its number when unknown. */
    static String typeName(int type) {
        DataType d = DataType.forNumber(type);
        return d == null ? "type " + type : d.name();
    }

    /** {@code [2, 3]}. */
    static String shapeText(long[] dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(']').toString();
    }

    private static long[] dims(TensorProto t, String where) {
        if (t.getDimsCount() > MAX_RANK) {
            throw new OnnxFormatException(where + ": rank " + t.getDimsCount() + " is above the limit of " + MAX_RANK);
        }
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new OnnxFormatException(where + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
        }
        return dims;
    }

    private static long elementCount(long[] dims, String where) {
        long count = 1;
        for (long d : dims) {
            if (d != 0 && count > MAX_ELEMENTS / d) {
                throw new OnnxFormatException(where + ": shape " + shapeText(dims) + " holds more than the limit of "
                        + MAX_ELEMENTS + " values");
            }
            count *= d;
        }
        if (count > MAX_ELEMENTS) {
            throw new OnnxFormatException(where + ": shape " + shapeText(dims) + " holds more than the limit of "
                    + MAX_ELEMENTS + " values");
        }
        return count;
    }

    private static void checkCount(String where, long[] dims, long expected, long stored, boolean partial) {
        if (stored != expected || partial) {
            throw new OnnxFormatException(where + ": shape " + shapeText(dims) + " needs " + expected + " values, the file holds "
                    + stored + (partial ? " and a partial one" : ""));
        }
    }

    private static List<Long> boxed(long[] dims) {
        List<Long> out = new ArrayList<>(dims.length);
        for (long d : dims) {
            out.add(d);
        }
        return out;
    }
}
