package org.backprop.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one byte layout Backprop uses wherever numbers become bytes — model-file weights, the
 * weights hash ({@code weightsSha256}), dataset fingerprints: little-endian IEEE-754 float32 and
 * little-endian int32, hashed with SHA-256. Keeping it in one place keeps the file and the hashes
 * in agreement.
 *
 * <p>Stateless: every method may be called from any thread.
 */
public final class Bytes {
    private Bytes() {
    }

    /**
     * The values as little-endian float32, 4 bytes each.
     *
     * @param values the numbers to encode, not null; NaN payloads are kept bit for bit
     * @return a new array of {@code 4 · values.length} bytes, element {@code i} at bytes {@code 4i … 4i+3}
     */
    public static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /**
     * The values as little-endian int32, 4 bytes each.
     *
     * @param values the numbers to encode, not null
     * @return a new array of {@code 4 · values.length} bytes, element {@code i} at bytes {@code 4i … 4i+3}
     */
    public static byte[] littleEndian(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return b.array();
    }

    /**
     * A new SHA-256 digest (every JDK has one; its absence is a broken JDK, not an input error).
     *
     * @return a fresh digest owned by the caller (a {@code MessageDigest} is not thread-safe)
     * @throws IllegalStateException if this JDK has no SHA-256 provider
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
