package cn.fazhi.pulse.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubmittersTest {

    @Test
    void shouldKeepOnlyTheAccountIdWhenTheHeaderIsTheIngestsJson() {
        String header = "{\"account\":\"zhang.san\",\"account_id\":17,\"role\":\"clerk\",\"credential_id\":\"c-9\",\"at\":\"2024-05-01T08:00:00Z\"}";

        assertThat(Submitters.accountId(header)).isEqualTo("17");
    }

    @Test
    void shouldReadATextAccountIdWhenTheIdIsAString() {
        assertThat(Submitters.accountId("{\"account_id\":\"acc-17\",\"account\":\"zhang.san\"}")).isEqualTo("acc-17");
    }

    @Test
    void shouldKeepAPlainIdAndDropAnythingElseWhenTheHeaderIsNotJson() {
        assertThat(Submitters.accountId("account-17")).isEqualTo("account-17");
        assertThat(Submitters.accountId("张三 13800000000")).isNull();
        assertThat(Submitters.accountId("{\"account\":\"zhang.san\"}")).isNull();
        assertThat(Submitters.accountId(null)).isNull();
    }
}
