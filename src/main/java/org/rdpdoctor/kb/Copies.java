package org.rdpdoctor.kb;

import java.util.List;
import java.util.Map;

/** Immutable copies for records bound from YAML, where a missing list or map reads as empty. */
final class Copies {
    private Copies() {}

    static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : List.copyOf(items);
    }

    static <K, V> Map<K, V> map(Map<K, V> items) {
        return items == null ? Map.of() : Map.copyOf(items);
    }
}
