package cn.fazhi.pulse.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/cluster/ holds the three properties files docs/deployment.md starts a cluster with: they must
 * describe one cluster whose nodes can share a machine.
 */
class ClusterFilesTest {
    private static final List<Properties> NODES = new ArrayList<>();

    @BeforeAll
    static void readFiles() throws IOException {
        for (int n = 1; n <= 3; n++) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of("..", "docs", "cluster", "node" + n + ".properties"))) {
                p.load(reader);
            }
            NODES.add(p);
        }
    }

    @Test
    void shouldNameTheSameThreeVotersWhenReadFromEveryNode() {
        assertThat(NODES).extracting(p -> p.getProperty("controller.quorum.voters")).containsOnly(NODES.get(0).getProperty("controller.quorum.voters"));
        assertThat(NODES.get(0).getProperty("controller.quorum.voters").split(",")).hasSize(3);
        assertThat(NODES).extracting(p -> p.getProperty("node.id")).containsExactly("1", "2", "3");
    }

    @Test
    void shouldListenOnDistinctLoopbackPortsAndLogDirsWhenOnOneMachine() {
        List<String> addresses = new ArrayList<>();
        NODES.forEach(p -> addresses.addAll(Arrays.asList(p.getProperty("listeners").split(","))));
        assertThat(addresses).hasSize(6).allMatch(a -> a.contains("://127.0.0.1:"));
        assertThat(addresses.stream().map(a -> a.substring(a.lastIndexOf(':')))).doesNotHaveDuplicates();
        assertThat(NODES).extracting(p -> p.getProperty("log.dirs")).doesNotHaveDuplicates();
    }

    @Test
    void shouldAdvertiseEachNodesOwnControllerPortWhenListedAsVoter() {
        String voters = NODES.get(0).getProperty("controller.quorum.voters");
        for (Properties p : NODES) {
            String controller = Arrays.stream(p.getProperty("listeners").split(","))
                    .filter(l -> l.startsWith("CONTROLLER://")).findFirst().orElseThrow().substring("CONTROLLER://".length());
            assertThat(voters).contains(p.getProperty("node.id") + "@" + controller);
        }
    }
}
