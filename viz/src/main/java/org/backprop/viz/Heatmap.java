package org.backprop.viz;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one neuron (or input feature) computes over the plot, quantised to one byte per cell so the
 * page gets dozens of them per update in a few kilobytes.
 *
 * <p>Cell {@code k} (row-major, row 0 at the top of the plot) holds
 * {@code b = round(255·(clamp(v, lo, hi) − lo)/(hi − lo))}; the page reads it back as
 * {@code v ≈ lo + b·(hi − lo)/255} (at most {@code (hi − lo)/510} off) and colours
 * {@code lo} orange, the middle white and {@code hi} blue.
 *
 * @param side  cells per side
 * @param lo    the value of byte 0 (the colour scale's low end)
 * @param hi    the value of byte 255 (its high end), above {@code lo}
 * @param cells {@code side × side} bytes
 *
 * <p>The cells array is kept as given (not copied); a heatmap is safe to share between threads as
 * long as nobody writes to it.
 */
public record Heatmap(int side, double lo, double hi, byte[] cells) {

    /**
     * Checks the sizes.
     *
     * @param side  cells per side
     * @param lo    the value of byte 0
     * @param hi    the value of byte 255, above {@code lo}
     * @param cells {@code side × side} bytes; kept, not copied
     * @throws IllegalArgumentException if {@code hi} is not above {@code lo} (or either is NaN), or
     *                                  there are not {@code side²} cells
     */
    public Heatmap {
        if (!(hi > lo)) {
            throw new IllegalArgumentException("heatmap: hi (" + hi + ") must be above lo (" + lo + ")");
        }
        if (cells.length != side * side) {
            throw new IllegalArgumentException("heatmap: " + cells.length + " cells for a side of " + side);
        }
    }

    /**
     * Quantises {@code values} ({@code side × side}, row-major) onto {@code [lo, hi]}.
     * Values outside are clamped to it; NaN counts as {@code lo}.
     *
     * @param side   cells per side
     * @param lo     the value of byte 0
     * @param hi     the value of byte 255, above {@code lo}
     * @param values {@code side²} values, row-major from the top; not changed
     * @return a new heatmap
     * @throws IllegalArgumentException if there are not {@code side²} values, or {@code hi} is not
     *                                  above {@code lo}
     */
    public static Heatmap of(int side, double lo, double hi, double[] values) {
        if (values.length != side * side) {
            throw new IllegalArgumentException("heatmap: " + values.length + " values for a side of " + side);
        }
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = Double.isNaN(values[i]) ? lo : Math.max(lo, Math.min(hi, values[i]));
            b[i] = (byte) Math.round(255 * (v - lo) / (hi - lo));
        }
        return new Heatmap(side, lo, hi, b);
    }

    /**
     * The value cell {@code k} stands for, {@code lo + b·(hi − lo)/255}.
     *
     * @param k the cell, {@code r·side + c}, in {@code [0, side²)}
     * @return the value, in {@code [lo, hi]}
     * @throws ArrayIndexOutOfBoundsException if {@code k} is outside {@code [0, side²)}
     */
    public double value(int k) {
        return lo + (cells[k] & 0xff) * (hi - lo) / 255;
    }

    /**
     * Like {@link #of}, with {@code factor × factor} blocks of the {@code side × side} values averaged
     * into one cell first: a thumbnail of side {@code side / factor}.
     *
     * @param side   the values' side
     * @param factor cells per block side, at least 1, dividing {@code side}
     * @param lo     the value of byte 0
     * @param hi     the value of byte 255, above {@code lo}
     * @param values {@code side²} values, row-major from the top; not changed
     * @return a new heatmap of side {@code side / factor}
     * @throws IllegalArgumentException unless {@code factor} divides the side and there are {@code side²} values
     */
    public static Heatmap shrunk(int side, int factor, double lo, double hi, double[] values) {
        if (factor < 1 || side % factor != 0 || values.length != side * side) {
            throw new IllegalArgumentException("heatmap: cannot shrink " + values.length + " values of side " + side
                    + " by " + factor);
        }
        int s = side / factor;
        double[] v = new double[s * s];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                v[(r / factor) * s + c / factor] += values[r * side + c] / (factor * factor);
            }
        }
        return of(s, lo, hi, v);
    }

    /**
     * The heatmap for the page, as JSON.
     *
     * @return a new, ordered map {@code {"side": …, "lo": …, "hi": …, "cells": base64}} (standard
     *         Base64 of the cell bytes)
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", (long) side);
        m.put("lo", lo);
        m.put("hi", hi);
        m.put("cells", Base64.getEncoder().encodeToString(cells));
        return m;
    }
}
