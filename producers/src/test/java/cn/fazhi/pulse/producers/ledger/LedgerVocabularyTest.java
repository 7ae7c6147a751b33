package cn.fazhi.pulse.producers.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class LedgerVocabularyTest {

    @Test
    void shouldHaveAChineseColumnNameForEveryFieldOfEveryTypeWhenTheTemplateIsWritten() {
        for (EventType type : EventType.values()) {
            for (Schema.Field field : type.schema().getFields()) {
                String header = LedgerVocabulary.chineseHeader(type, field.name());
                assertThat(header).as(type + "." + field.name()).isNotBlank();
                assertThat(LedgerVocabulary.fieldOfHeader(header)).as(header).contains(field.name());
            }
        }
    }

    @Test
    void shouldHaveAChineseWordForEveryEnumValueWhenTheTemplateOffersDropDowns() {
        for (EventType type : EventType.values()) {
            for (Schema.Field field : type.schema().getFields()) {
                Schema schema = LedgerRowDecoder.nonNull(field.schema());
                if (schema.getType() == Schema.Type.ENUM) {
                    assertThat(schema.getEnumSymbols()).as(schema.getName())
                            .allSatisfy(s -> assertThat(LedgerVocabulary.chineseLabel(schema.getName(), s)).isPresent());
                }
            }
        }
    }

    @Test
    void shouldAcceptTheSpellingsOfTheEventCatalogWhenALedgerUsesThem() {
        var agreement = cn.fazhi.pulse.events.AgreementForm.getClassSchema();
        var training = cn.fazhi.pulse.events.TrainingKind.getClassSchema();

        assertThat(LedgerVocabulary.enumSymbol("AgreementForm", agreement.getEnumSymbols(), "书面协议(卷宗)")).contains("WRITTEN");
        assertThat(LedgerVocabulary.enumSymbol("AgreementForm", agreement.getEnumSymbols(), "oral")).contains("ORAL");
        assertThat(LedgerVocabulary.enumSymbol("TrainingKind", training.getEnumSymbols(), "法治专题讲座·培训")).contains("THEMATIC_LECTURE");
        assertThat(LedgerVocabulary.enumSymbol("TrainingKind", training.getEnumSymbols(), "开会")).isEmpty();
    }

    @Test
    void shouldListEveryChineseWordInTheImportDocsWhenTheTableChanges() throws Exception {
        String docs = Files.readString(Path.of("../docs/import.md"), StandardCharsets.UTF_8);

        assertThat(LedgerVocabulary.allChineseWords()).allSatisfy(word -> assertThat(docs).contains(word));
    }
}
