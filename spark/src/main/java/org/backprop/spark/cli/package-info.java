/** The {@code backprop-spark} command line (picocli): {@code train} on Spark, local or on a cluster. */
package org.backprop.spark.cli;
