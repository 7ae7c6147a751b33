package cn.fazhi.pulse.streams.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The processors' decoded copies of what their stores hold, bounded: the least recently used
 * entry goes first, and a miss reads the store again.
 */
final class DecodedCopies {
    private DecodedCopies() {}

    static <V> Map<String, V> leastRecentlyUsed(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
