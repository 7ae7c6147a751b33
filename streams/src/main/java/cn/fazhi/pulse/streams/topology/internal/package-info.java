/**
 * Code that plugs into Kafka Streams' internals, not into its public API: {@link
 * cn.fazhi.pulse.streams.topology.internal.WriteBehindStore} implements {@code
 * org.apache.kafka.streams.state.internals.CachedStateStore}, which Kafka Streams may change in
 * any release, minor ones included. Nothing outside the topology factory uses this package.
 *
 * <p>What guards it: {@code WriteBehindStoreTest} (commit, dirty close, listing), the topology
 * tests, which run every assertion with these stores and with Kafka Streams' own record cache,
 * and {@code IndicatorStreamsIT}, which restarts the application with its local state lost and
 * compares with an uninterrupted run. If a Kafka Streams upgrade breaks it, the setting {@code
 * streams.write.behind=false} builds the stores with Kafka Streams' record cache instead, at the
 * cost the benchmarks record (docs/benchmarks.md), until it is fixed.
 */
package cn.fazhi.pulse.streams.topology.internal;
