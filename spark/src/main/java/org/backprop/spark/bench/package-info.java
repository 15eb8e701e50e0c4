/** The Spark benchmark behind {@code bench/spark}: MLlib's MLP and the single-JVM trainer against Backprop on Spark. */
package org.backprop.spark.bench;
