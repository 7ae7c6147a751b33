package cn.fazhi.pulse.app.runtime;

import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the pipeline's topics that do not exist yet, as their contracts declare them. */
public final class TopicSetup {
    private TopicSetup() {}

    public static List<String> ensure(Admin admin, short replicationFactor) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = Topics.all().stream()
                .filter(t -> !existing.contains(t.name()))
                .map((TopicContract<?, ?> t) -> t.newTopic(replicationFactor))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
