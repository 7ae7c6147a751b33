package cn.fazhi.pulse.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The rule that keeps every message readable: every version of a schema can read every other
 * version's messages (full transitive compatibility). Without a registry a reader can only decode
 * versions it carries in its {@link SchemaHistory}, so a new version is released to the consumers
 * (the streams and the sink) before any producer writes it; after that, old and new producers and
 * messages mix freely.
 */
public final class SchemaEvolution {
    private SchemaEvolution() {}

    /** Each pair of versions that cannot read one another, described; empty when all can. */
    public static List<String> incompatibilities(List<Schema> versions) {
        List<String> problems = new ArrayList<>();
        for (int w = 0; w < versions.size(); w++) {
            for (int r = 0; r < versions.size(); r++) {
                if (w == r) {
                    continue;
                }
                var result = SchemaCompatibility.checkReaderWriterCompatibility(versions.get(r), versions.get(w)).getResult();
                if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(String.format("%s v%d cannot read v%d: %s", versions.get(r).getFullName(), r + 1, w + 1,
                            result.getIncompatibilities()));
                }
            }
        }
        return problems;
    }
}
