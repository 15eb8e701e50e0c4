package org.backprop.spark;

/**
 * Data on Spark that cannot be trained on or evaluated: a missing column, a column of the wrong
 * type, a null or non-finite value (named by partition, row and column), an unknown class. The
 * message is one line meant for the user.
 */
public final class SparkDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message naming what is wrong and where.
     *
     * @param message one line: the column, partition and row, expected against actual
     */
    public SparkDataException(String message) {
        super(message);
    }

    /**
     * The {@code SparkDataException} behind {@code error} (Spark wraps an executor's exception in
     * its own, sometimes with the original only as text), or {@code null} when there is none.
     *
     * @param error a failure of a Spark job (or any exception), or {@code null}
     * @return the first {@code SparkDataException} in {@code error}'s cause chain; else a new one with
     *         the first line after its class name in a message of the chain; else {@code null}
     */
    public static SparkDataException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SparkDataException e) {
                return e;
            }
            String m = t.getMessage();
            String marker = SparkDataException.class.getName() + ": ";
            int at = m == null ? -1 : m.indexOf(marker);
            if (at >= 0) {
                String rest = m.substring(at + marker.length());
                int end = rest.indexOf('\n');
                return new SparkDataException(end < 0 ? rest : rest.substring(0, end));
            }
        }
        return null;
    }
}
