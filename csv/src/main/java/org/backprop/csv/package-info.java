/**
 * CSV files in and out, with Apache Commons CSV: {@link org.backprop.csv.CsvTables#read} gives a
 * core {@link org.backprop.data.Table} (header, rows, line numbers) that
 * {@link org.backprop.data.TableConverter} turns into a dataset; {@link org.backprop.csv.CsvTables#format}
 * writes rows with proper quoting. Kept out of the core module, which depends on the JDK alone.
 */
package org.backprop.csv;
