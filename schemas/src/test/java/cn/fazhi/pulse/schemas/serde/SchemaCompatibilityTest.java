package cn.fazhi.pulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventType;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Guards the schema history: a schema changed without being released, or released in a form that
 * an earlier version cannot read (or that cannot read an earlier one), fails the build.
 */
class SchemaCompatibilityTest {
    private final SchemaHistory history = SchemaHistory.standard();

    @Test
    void shouldHaveReleasedEveryEventTypeTheSnapshotAndTheEvidence() {
        assertThat(history.fullNames()).hasSize(EventType.values().length + 2);
        for (String name : history.fullNames()) {
            assertThat(history.releasedVersions(name)).as(name).isNotEmpty();
        }
    }

    @Test
    void shouldMatchTheLatestReleasedVersionWhenASchemaIsCurrent() {
        for (String name : history.fullNames()) {
            List<Schema> released = history.releasedVersions(name);
            Schema latest = released.get(released.size() - 1);
            assertThat(SchemaNormalization.parsingFingerprint64(history.current(name)))
                    .as("%s changed: copy src/main/avro/.../%s.avsc to schema-history/%s/v%d.avsc to release it",
                            name, history.current(name).getName(), name, released.size() + 1)
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(latest));
        }
    }

    @Test
    void shouldReadEveryEarlierVersionBothWaysWhenReleased() {
        for (String name : history.fullNames()) {
            assertThat(SchemaEvolution.incompatibilities(history.releasedVersions(name))).as(name).isEmpty();
        }
    }

    @Test
    void shouldReportAnIncompatibilityWhenANewVersionAddsARequiredField() {
        Schema v1 = schema("[{\"name\":\"id\",\"type\":\"string\"}]");
        Schema v2 = schema("[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"}]");

        List<String> problems = SchemaEvolution.incompatibilities(List.of(v1, v2));

        assertThat(problems).singleElement().asString().contains("v2 cannot read v1");
    }

    @Test
    void shouldAcceptANewVersionWhenItAddsAFieldWithADefault() {
        Schema v1 = schema("[{\"name\":\"id\",\"type\":\"string\"}]");
        Schema v2 = schema("[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\",\"default\":0}]");

        assertThat(SchemaEvolution.incompatibilities(List.of(v1, v2))).isEmpty();
    }

    @Test
    void shouldReportAnIncompatibilityWhenAnEnumLosesASymbol() {
        Schema v1 = schema("[{\"name\":\"k\",\"type\":{\"type\":\"enum\",\"name\":\"K\",\"symbols\":[\"A\",\"B\"]}}]");
        Schema v2 = schema("[{\"name\":\"k\",\"type\":{\"type\":\"enum\",\"name\":\"K\",\"symbols\":[\"A\"]}}]");

        assertThat(SchemaEvolution.incompatibilities(List.of(v1, v2))).isNotEmpty();
    }

    @Test
    void shouldAcceptANewDisputeTypeBecauseOlderReadersReadItAsOther() {
        Schema current = cn.fazhi.pulse.events.MediationAccepted.getClassSchema();
        Schema withNewType = new Schema.Parser().parse(current.toString().replace("\"OTHER\"],", "\"OTHER\",\"EDUCATION\"],"));
        assertThat(withNewType.getField("dispute_type").schema().getEnumSymbols()).contains("EDUCATION");

        assertThat(SchemaEvolution.incompatibilities(List.of(current, withNewType))).isEmpty();
    }

    @Test
    void shouldRefuseANewCaseKindBecauseThatEnumHasNoDefault() {
        Schema current = cn.fazhi.pulse.events.CaseFiled.getClassSchema();
        Schema withNewKind = new Schema.Parser().parse(current.toString().replace("\"ADMINISTRATIVE_RECONSIDERATION\"]",
                "\"ADMINISTRATIVE_RECONSIDERATION\",\"ARBITRATION\"]"));
        assertThat(withNewKind.getField("case_kind").schema().getEnumSymbols()).contains("ARBITRATION");

        assertThat(SchemaEvolution.incompatibilities(List.of(current, withNewKind))).isNotEmpty();
    }

    private static Schema schema(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":" + fields + "}");
    }

    @Test
    void shouldKnowEveryCatalogTypeByItsName() {
        Arrays.stream(EventType.values()).forEach(t -> assertThat(EventType.byName(t.typeName())).contains(t));
    }
}
