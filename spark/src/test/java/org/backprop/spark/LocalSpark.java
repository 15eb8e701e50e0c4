package org.backprop.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Spark sessions in local mode for tests, and DataFrames made from Backprop datasets. */
final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * A session on {@code master} (such as {@code local[2]}, or {@code local[2,2]} to retry a failed
     * task once), with the web UI off and few shuffle partitions.
     */
    static SparkSession start(String master) {
        return SparkSession.builder().master(master).appName("backprop-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", "target/spark-warehouse")
                .getOrCreate();
    }

    /** The dataset's rows, in order, as a DataFrame of float columns and a label in {@code partitions} partitions. */
    static Dataset<Row> frame(SparkSession spark, org.backprop.data.Dataset data, int partitions) {
        return Frames.of(spark, data, partitions, false);
    }
}
