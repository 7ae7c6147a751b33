package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationTest {

    @Test
    void shouldKeepThreeCopiesTwoInSyncAndOneStandbyWhenTheClusterHasThreeBrokers() {
        assertThat(Replication.decide(3, Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(new Replication((short) 3, 2, 1));
        assertThat(Replication.decide(5, Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(new Replication((short) 3, 2, 1));
    }

    @Test
    void shouldKeepOneCopyAndNoStandbyWhenTheClusterHasFewerThanThreeBrokers() {
        assertThat(Replication.decide(1, Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(new Replication((short) 1, 1, 0));
        assertThat(Replication.decide(2, Optional.empty(), Optional.empty(), Optional.empty()))
                .isEqualTo(new Replication((short) 1, 1, 0));
    }

    @Test
    void shouldUseTheConfiguredValuesWhenTheClusterCanHoldThem() {
        assertThat(Replication.decide(3, Optional.of((short) 2), Optional.of(2), Optional.of(0)))
                .isEqualTo(new Replication((short) 2, 2, 0));
    }

    @Test
    void shouldRefuseAFactorLargerThanTheClusterWhenConfigured() {
        assertThatThrownBy(() -> Replication.decide(1, Optional.of((short) 3), Optional.empty(), Optional.empty()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("kafka.replication.factor 3 cannot be held by this cluster of 1 broker")
                .hasMessageContaining("at most 1");
    }

    @Test
    void shouldRefuseMoreInSyncReplicasThanCopiesWhenConfigured() {
        assertThatThrownBy(() -> Replication.decide(3, Optional.of((short) 2), Optional.of(3), Optional.empty()))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("kafka.min.insync.replicas 3");
    }
}
