package cn.fazhi.pulse.streams.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {
    private KeyValueStore<String, String> logged;
    private WriteBehindStore<String> store;

    @BeforeEach
    void openStores() {
        logged = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("facts"), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        store = new WriteBehindStore<>(logged);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void shouldWriteToTheStoreBeneathOnlyWhenTheCommitIsPrepared() {
        store.put("a", "1");
        store.put("a", "2");

        assertThat(store.get("a")).isEqualTo("2");
        assertThat(logged.get("a")).as("not before the commit").isNull();

        store.flushCache();

        assertThat(logged.get("a")).isEqualTo("2");
        assertThat(store.get("a")).isEqualTo("2");
    }

    @Test
    void shouldForgetUncommittedWritesWhenTheTaskIsClosedDirty() {
        store.put("a", "committed");
        store.flushCache();
        store.put("a", "uncommitted");
        store.delete("a");
        store.put("b", "uncommitted");

        store.clearCache();

        assertThat(store.get("a")).isEqualTo("committed");
        assertThat(store.get("b")).isNull();
    }

    @Test
    void shouldListPendingWritesAndLeaveOutPendingDeletions() {
        store.put("a", "1");
        store.put("b", "1");
        store.flushCache();
        store.delete("a");
        store.put("b", "2");
        store.put("c", "3");

        assertThat(entries()).containsExactlyInAnyOrder(KeyValue.pair("b", "2"), KeyValue.pair("c", "3"));
        assertThat(store.get("a")).isNull();

        store.flushCache();

        assertThat(logged.get("a")).as("deleted at the commit").isNull();
        assertThat(entries()).containsExactlyInAnyOrder(KeyValue.pair("b", "2"), KeyValue.pair("c", "3"));
    }

    private List<KeyValue<String, String>> entries() {
        List<KeyValue<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
