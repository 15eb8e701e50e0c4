/**
 * Files: the model file format and its strict loader, and the small {@link org.backprop.io.Json}
 * reader and writer the core library uses instead of a dependency.
 */
package org.backprop.io;
