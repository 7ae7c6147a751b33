package cn.fazhi.pulse.streams.topology.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that holds the values written since the last commit as objects and writes
 * them, each key once, to the logged store beneath when Kafka Streams prepares the commit.
 *
 * <p>Kafka Streams' own record cache does the same with bytes: every {@code put} encodes the value
 * and files it in a sorted map of byte keys, which the profile of the topology found to be a large
 * part of the stream thread's work (docs/benchmarks.md). Here a {@code put} is one hash-map entry;
 * the encoding, the changelog record and the store write happen once per key and commit. It plugs
 * in where the record cache does ({@link CachedStateStore}, an internal interface of Kafka
 * Streams; see the package's notes for what guards it): {@code flushCache()} before each commit,
 * {@code clearCache()} when a task is closed dirty and its uncommitted writes must be forgotten.
 *
 * <p>Only its task's stream thread touches it: nothing here is thread-safe, and so interactive
 * queries, which read from the caller's thread, are not supported on these stores.
 */
public final class WriteBehindStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {
    private final KeyValueStore<String, V> logged;
    private final Map<String, Written<V>> written = new HashMap<>();

    /** A value written since the last commit; a null value is a deletion. */
    private record Written<V>(V value) {}

    WriteBehindStore(KeyValueStore<String, V> logged) {
        this.logged = logged;
    }

    /** The store the supplier makes (persistent or in memory), with a changelog, written behind. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> of(KeyValueBytesStoreSupplier supplier, Serde<String> keys, Serde<V> values) {
        return new Builder<>(Stores.keyValueStoreBuilder(supplier, keys, values).withCachingDisabled());
    }

    @Override
    public V get(String key) {
        Written<V> pending = written.get(key);
        return pending != null ? pending.value() : logged.get(key);
    }

    @Override
    public void put(String key, V value) {
        written.put(key, new Written<>(value));
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(String key) {
        V current = get(key);
        written.put(key, new Written<>(null));
        return current;
    }

    /**
     * Writes what was written since the last commit to the logged store, each key once. A key
     * written and deleted between two commits (an outbox entry forwarded within the interval)
     * never reaches the store or its changelog.
     */
    @Override
    public void flushCache() {
        for (Iterator<Map.Entry<String, Written<V>>> it = written.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Written<V>> entry = it.next();
            if (entry.getValue().value() == null) {
                if (logged.get(entry.getKey()) != null) {
                    logged.delete(entry.getKey());
                }
            } else {
                logged.put(entry.getKey(), entry.getValue().value());
            }
            it.remove();
        }
    }

    /** Forgets what was written since the last commit: the task is closed dirty, its transaction aborted. */
    @Override
    public void clearCache() {
        written.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false; // nothing listens: the topology's stores are not tables with downstream changes
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        logged.commit(changelogOffsets);
    }

    /**
     * Every entry, those written since the last commit included: what a processor reads to rebuild
     * its copy of a small store when its task is initialized. Small stores only; it gathers the
     * logged entries in a list.
     */
    @Override
    public KeyValueIterator<String, V> all() {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = logged.all()) {
            it.forEachRemaining(entry -> {
                if (!written.containsKey(entry.key)) {
                    entries.add(entry);
                }
            });
        }
        written.forEach((key, pending) -> {
            if (pending.value() != null) {
                entries.add(KeyValue.pair(key, pending.value()));
            }
        });
        return new ListIterator<>(entries);
    }

    /** Not used by the topology: a range over objects and bytes would need both in key order. */
    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        throw new UnsupportedOperationException("range queries are not supported by the write-behind store " + name());
    }

    @Override
    public long approximateNumEntries() {
        return logged.approximateNumEntries() + written.size();
    }

    @Override
    public String name() {
        return logged.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        logged.init(context, root);
    }

    @Override
    public void close() {
        written.clear(); // a clean close has committed them; a dirty one must not keep them
        logged.close();
    }

    @Override
    public boolean persistent() {
        return logged.persistent();
    }

    @Override
    public boolean isOpen() {
        return logged.isOpen();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return logged.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return logged.managesOffsets();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return logged.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return logged.getPosition();
    }

    private static final class ListIterator<V> implements KeyValueIterator<String, V> {
        private final Iterator<KeyValue<String, V>> entries;
        private KeyValue<String, V> next;

        ListIterator(List<KeyValue<String, V>> entries) {
            this.entries = entries.iterator();
        }

        @Override
        public boolean hasNext() {
            return next != null || entries.hasNext();
        }

        @Override
        public KeyValue<String, V> next() {
            KeyValue<String, V> current = next != null ? next : entries.next();
            next = null;
            return current;
        }

        @Override
        public String peekNextKey() {
            if (next == null) {
                next = entries.next();
            }
            return next.key;
        }

        @Override
        public void close() {}
    }

    /** Builds the logged store as Kafka Streams would, without its record cache, and wraps it. */
    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> logged) implements StoreBuilder<KeyValueStore<String, V>> {
        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-behind store is its own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(logged.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            return new Builder<>(logged.withLoggingDisabled());
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new WriteBehindStore<>(logged.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return logged.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return logged.loggingEnabled();
        }

        @Override
        public String name() {
            return logged.name();
        }
    }
}
