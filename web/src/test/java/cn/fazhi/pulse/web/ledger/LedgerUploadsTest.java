package cn.fazhi.pulse.web.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.web.WebException;
import org.junit.jupiter.api.Test;

class LedgerUploadsTest {

    @Test
    void shouldKeepOnlyTheLastSegmentInSafeCharactersWhenTheBrowserSendsAPath() {
        assertThat(LedgerUploads.safeName("C:\\\\Users\\\\clerk\\\\人民调解台账（2024）.xlsx")).isEqualTo("人民调解台账（2024）.xlsx");
        assertThat(LedgerUploads.safeName("../../etc/passwd.csv")).isEqualTo("passwd.csv");
        assertThat(LedgerUploads.safeName("a;b|c.CSV")).isEqualTo("a_b_c.csv");
        assertThat(LedgerUploads.safeName(".csv")).isEqualTo("ledger.csv");
    }

    @Test
    void shouldRefuseWithBothLanguagesWhenTheFileIsNeitherXlsxNorCsv() {
        assertThatThrownBy(() -> LedgerUploads.safeName("台账.xls")).isInstanceOf(WebException.BadRequest.class)
                .hasMessageContaining(".xlsx or .csv").satisfies(e -> assertThat(((WebException) e).messageZh()).contains("只接受"));
        assertThatThrownBy(() -> LedgerUploads.safeName(null)).isInstanceOf(WebException.BadRequest.class);
    }
}
