package cn.fazhi.pulse.streams.topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processors' decoded copies of what their stores hold: all of a small store, or a bounded
 * part of a large one, where the least recently used entry goes first and a miss reads the store
 * again.
 */
final class DecodedCopies {
    private DecodedCopies() {}

    /** A copy of everything a small store (an outbox, what waits to be published) holds. */
    static <V> Map<String, V> everything(KeyValueStore<String, V> store) {
        Map<String, V> copy = new HashMap<>();
        try (KeyValueIterator<String, V> entries = store.all()) {
            entries.forEachRemaining(entry -> copy.put(entry.key, entry.value));
        }
        return copy;
    }

    static <V> Map<String, V> leastRecentlyUsed(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
