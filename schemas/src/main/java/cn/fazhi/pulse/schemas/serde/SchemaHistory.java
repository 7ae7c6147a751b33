package cn.fazhi.pulse.schemas.serde;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every version ever released of each schema, as kept under version control in
 * {@code schemas/src/main/resources/schema-history/<full name>/v<N>.avsc}. A message written with
 * any of them carries that version's fingerprint, so a reader finds the writer's schema here and
 * Avro resolves it to the reader's current class. This replaces a schema registry.
 */
public final class SchemaHistory implements SchemaStore {
    private static final String ROOT = "schema-history/";

    private final Map<Long, Schema> byFingerprint;
    private final Map<String, List<Schema>> versionsByName;
    private final Map<String, Schema> currentByName;

    private SchemaHistory(List<Schema> currentSchemas, java.util.function.Function<String, List<Schema>> released) {
        Map<Long, Schema> fingerprints = new LinkedHashMap<>();
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        Map<String, Schema> current = new LinkedHashMap<>();
        for (Schema schema : currentSchemas) {
            List<Schema> releasedVersions = released.apply(schema.getFullName());
            versions.put(schema.getFullName(), List.copyOf(releasedVersions));
            current.put(schema.getFullName(), schema);
            for (Schema version : releasedVersions) {
                fingerprints.put(SchemaNormalization.parsingFingerprint64(version), version);
            }
            // A schema changed in a working copy but not yet released is still readable here;
            // SchemaCompatibilityTest refuses it until it is released as a new version.
            fingerprints.putIfAbsent(SchemaNormalization.parsingFingerprint64(schema), schema);
        }
        this.byFingerprint = Collections.unmodifiableMap(fingerprints);
        this.versionsByName = Collections.unmodifiableMap(versions);
        this.currentByName = Collections.unmodifiableMap(current);
    }

    /** The history of every event type, of the indicator snapshot and of the entity evidence. */
    public static SchemaHistory standard() {
        return Holder.STANDARD;
    }

    /** The history of the given current schemas (for modules with schemas of their own). */
    public static SchemaHistory of(List<Schema> currentSchemas) {
        return new SchemaHistory(currentSchemas, SchemaHistory::loadReleased);
    }

    /** The standard history with other released versions of one schema, as a release would add. */
    public static SchemaHistory standardWithReleased(String fullName, List<Schema> releasedVersions) {
        return new SchemaHistory(standardSchemas(),
                name -> name.equals(fullName) ? releasedVersions : loadReleased(name));
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The current (newest) schema of that full name, or null if unknown. */
    public Schema current(String fullName) {
        return currentByName.get(fullName);
    }

    /** Released versions of a schema, oldest first. */
    public List<Schema> releasedVersions(String fullName) {
        return versionsByName.getOrDefault(fullName, List.of());
    }

    public List<String> fullNames() {
        return List.copyOf(currentByName.keySet());
    }

    private static List<Schema> standardSchemas() {
        List<Schema> schemas = new ArrayList<>();
        Arrays.stream(EventType.values()).map(EventType::schema).forEach(schemas::add);
        schemas.add(IndicatorSnapshot.getClassSchema());
        schemas.add(EntityEvidence.getClassSchema());
        return schemas;
    }

    private static List<Schema> loadReleased(String fullName) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int version = 1; ; version++) {
            String path = ROOT + fullName + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
    }

    private static final class Holder {
        static final SchemaHistory STANDARD = of(standardSchemas());
    }
}
