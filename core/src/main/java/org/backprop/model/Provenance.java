package org.backprop.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a model comes from: enough to tell how it was made and to make it again.
 *
 * @param libraryVersion     the Backprop version that trained it
 * @param javaVersion        the Java runtime it was trained on
 * @param seed               the seed of every random choice (split, initial weights, batch order, dropout)
 * @param settings           the training settings, as a JSON-ready map
 * @param datasetName        the data's name
 * @param datasetFingerprint SHA-256 of the whole dataset it was split from (see {@link org.backprop.data.Dataset#fingerprint()})
 * @param trainingSeconds    wall-clock training time
 * @param createdAt          ISO-8601 instant the model was made
 * @param engine             the training-step engine's name
 */
public record Provenance(String libraryVersion, String javaVersion, long seed, Map<String, Object> settings,
                         String datasetName, String datasetFingerprint, double trainingSeconds, String createdAt,
                         String engine) {

    /** This library's version, from the build. */
    public static final String LIBRARY_VERSION = readVersion();

    /**
     * Copies the settings.
     *
     * @param libraryVersion the Backprop version that trained it
     * @param javaVersion the Java runtime it was trained on
     * @param seed the seed of every random choice
     * @param settings the training settings, as a JSON-ready map; copied, unmodifiable
     * @param datasetName the data's name
     * @param datasetFingerprint SHA-256 of the whole dataset, hexadecimal
     * @param trainingSeconds wall-clock training time in seconds
     * @param createdAt ISO-8601 instant the model was made
     * @param engine the training-step engine's name
     */
    public Provenance {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * A JSON-ready map with the fields by name.
     *
     * @return a new insertion-ordered map, one entry per field, keyed by the field's name
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("libraryVersion", libraryVersion);
        m.put("javaVersion", javaVersion);
        m.put("seed", seed);
        m.put("settings", settings);
        m.put("datasetName", datasetName);
        m.put("datasetFingerprint", datasetFingerprint);
        m.put("trainingSeconds", trainingSeconds);
        m.put("createdAt", createdAt);
        m.put("engine", engine);
        return m;
    }

    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/org/backprop/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
