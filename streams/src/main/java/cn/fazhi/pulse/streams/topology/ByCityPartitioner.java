package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.Scopes;
import cn.fazhi.pulse.streams.domain.Bucket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends every town-month of one city to one partition, so that a single task holds all nine
 * scope-periods a town-month rolls up to (its town's, district's and city's) and can sum them
 * locally: one record crosses the repartition topic per town-month instead of nine.
 */
final class ByCityPartitioner implements StreamPartitioner<String, Figures> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String townMonth, Figures change, int numPartitions) {
        byte[] city = Scopes.cityOf(Bucket.parse(townMonth).townCode()).getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(city)) % numPartitions));
    }
}
