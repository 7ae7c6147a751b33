package cn.fazhi.pulse.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the streams' RocksDB stores hold, from the metrics Kafka Streams publishes over JMX
 * (recording level INFO): keys, and bytes in memtables plus SST files. The state directory's size
 * on disk alone misses what is still in memtables, which at small sizes is nearly everything.
 */
final class StateStoreMetrics {
    private StateStoreMetrics() {}

    /** Keys across every store, as RocksDB estimates them. */
    static long keys() {
        return sum("estimate-num-keys");
    }

    /** Bytes in memtables and SST files across every store. */
    static long bytes() {
        return sum("size-all-mem-tables") + sum("total-sst-files-size");
    }

    /** The attribute summed over the stores that report it; stores of other kinds do not. */
    private static long sum(String attribute) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-state-metrics,*"), null)) {
                boolean reports = Arrays.stream(server.getMBeanInfo(name).getAttributes()).anyMatch(a -> a.getName().equals(attribute));
                Object value = reports ? server.getAttribute(name, attribute) : null;
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    total += n.longValue();
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the state store metric " + attribute + ": " + e.getMessage(), e);
        }
        return total;
    }
}
