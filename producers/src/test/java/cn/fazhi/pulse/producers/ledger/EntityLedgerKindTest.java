package cn.fazhi.pulse.producers.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityLedgerKindTest {

    @Test
    void shouldRecogniseEachKindWhenItsTemplatesHeadersAreGiven() {
        for (EntityLedgerKind kind : EntityLedgerKind.values()) {
            List<String> headers = kind.columns().stream().map(c -> c.headers().get(0)).toList();

            assertThat(EntityLedgerKind.recognise(headers)).contains(kind);
        }
    }

    @Test
    void shouldTellNoKindWhenTheHeadersNameOnlyANumberAndATown() {
        assertThat(EntityLedgerKind.recognise(List.of("编号", "区划代码", "受理日期"))).isEmpty();
    }

    @Test
    void shouldTakeAHeaderForPersonalDataWhenItContainsAPersonalWordWhateverElseItSays() {
        assertThat(List.of("当事人", "当事人姓名", "申请人（甲方）", "被申请人", "信访人", "身份证号码", "联系电话", "家庭住址"))
                .allSatisfy(h -> assertThat(EntityLedgerKind.isPersonalData(h)).as(h).isTrue());
        assertThat(List.of("纠纷类型", "负责人是否出庭", "信访形式", "备注")).allSatisfy(h -> assertThat(EntityLedgerKind.isPersonalData(h)).as(h).isFalse());
    }

    @Test
    void shouldListEveryColumnNameAndPersonalDataWordInTheImportDocsWhenTheLedgersChange() throws Exception {
        String docs = Files.readString(Path.of("../docs/import.md"), StandardCharsets.UTF_8);

        for (EntityLedgerKind kind : EntityLedgerKind.values()) {
            kind.columns().forEach(c -> assertThat(docs).as(kind + " " + c.role()).contains(c.headers()));
        }
        assertThat(docs).contains(EntityLedgerKind.PERSONAL_DATA);
    }
}
