package dev.vigil.anomaly;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A region of the camera view, from the offer's {@code stream_metadata.zones}:
 * <pre>{"zones": [{"name": "vault", "kind": "restricted", "polygon": [[0.6,0.5],[0.95,0.5],[0.95,0.95],[0.6,0.95]]}]}</pre>
 * Coordinates are normalized to the frame (0..1, x to the right, y down), so zones survive resolution changes.
 * A person is inside when their feet (ankles, or the bottom of their box when ankles are not visible) are.
 *
 * @param name    shown to the user; defaults to "zone N"
 * @param kind    only "restricted" so far: being inside is abnormal
 * @param polygon at least 3 vertices [x, y]
 */
public record Zone(String name, String kind, List<double[]> polygon) {
    public static final String RESTRICTED = "restricted";
    private static final Set<String> KINDS = Set.of(RESTRICTED);

    public Zone {
        polygon = polygon.stream().map(double[]::clone).toList();
    }

    /** Reads {@code "zones"} of stream_metadata; absent or null means no zones. */
    public static List<Zone> fromMetadata(JsonObject streamMetadata) {
        if (streamMetadata == null || !streamMetadata.containsKey("zones")
                || streamMetadata.get("zones").getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        JsonValue zonesValue = streamMetadata.get("zones");
        if (zonesValue.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("stream_metadata.zones must be an array of "
                    + "{\"name\", \"kind\": \"restricted\", \"polygon\": [[x,y],...]} with x,y in 0..1");
        }
        JsonArray zones = zonesValue.asJsonArray();
        List<Zone> result = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            String where = "stream_metadata.zones[" + i + "]";
            if (zones.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(where + " must be an object with \"polygon\"");
            }
            JsonObject zone = zones.getJsonObject(i);
            String name = stringOr(zone, "name", "zone " + (i + 1), where);
            String kind = stringOr(zone, "kind", RESTRICTED, where);
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException(where + ".kind must be one of " + KINDS + ", got \"" + kind + "\"");
            }
            JsonValue polygonValue = zone.get("polygon");
            if (polygonValue == null || polygonValue.getValueType() != JsonValue.ValueType.ARRAY
                    || polygonValue.asJsonArray().size() < 3) {
                throw new IllegalArgumentException(where + ".polygon must be an array of at least 3 [x,y] points");
            }
            List<double[]> points = new ArrayList<>();
            JsonArray polygon = polygonValue.asJsonArray();
            for (int p = 0; p < polygon.size(); p++) {
                points.add(point(polygon.get(p), where + ".polygon[" + p + "]"));
            }
            result.add(new Zone(name, kind, points));
        }
        return List.copyOf(result);
    }

    /** Whether a normalized point lies inside the polygon (even-odd rule). */
    public boolean contains(double x, double y) {
        boolean inside = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            double[] a = polygon.get(i);
            double[] b = polygon.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static String stringOr(JsonObject zone, String key, String fallback, String where) {
        JsonValue v = zone.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new IllegalArgumentException(where + "." + key + " must be a string");
        }
        return zone.getString(key);
    }

    private static double[] point(JsonValue value, String where) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().size() != 2) {
            throw new IllegalArgumentException(where + " must be a pair [x, y]");
        }
        double[] xy = new double[2];
        for (int k = 0; k < 2; k++) {
            JsonValue c = value.asJsonArray().get(k);
            if (c.getValueType() != JsonValue.ValueType.NUMBER) {
                throw new IllegalArgumentException(where + " must hold two numbers");
            }
            xy[k] = ((JsonNumber) c).doubleValue();
            if (!(xy[k] >= 0 && xy[k] <= 1)) {
                throw new IllegalArgumentException(where + " coordinates are normalized to the frame: 0..1, got "
                        + xy[k]);
            }
        }
        return xy;
    }
}
