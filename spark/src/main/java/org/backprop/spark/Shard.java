package org.backprop.spark;

import java.io.Serializable;

/**
 * One partition's rows as flat float arrays, the form training reads at every step: the data is
 * converted once into shards, which are cached, and no step looks at a {@code Row} again.
 *
 * @param partition the Spark partition the rows came from
 * @param rows      the number of rows {@code n}
 * @param features  the features per row {@code F}
 * @param x         {@code n × F} features, row-major (scaled, once fitted)
 * @param y         class indices ({@code n}) or target values ({@code n × k})
 */
record Shard(int partition, int rows, int features, float[] x, float[] y) implements Serializable {
    private static final long serialVersionUID = 1L;
}
