package cn.fazhi.pulse.web.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.web.WebException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeDirectoryTest {
    private final ScopeDirectory scopes = new ScopeDirectory(List.of(
            new ScopeRow("120100000000", "CITY", "天津市", null, null, null),
            new ScopeRow("120111000000", "DISTRICT", "西青区", "120100000000", null, null),
            new ScopeRow("120111101000", "TOWN", "杨柳青镇", "120111000000", "TOWN", 30),
            new ScopeRow("120116000000", "DISTRICT", "滨海新区", "120100000000", null, null),
            new ScopeRow("120116051000", "TOWN", "大港街道", "120116000000", "STREET", 20)));

    @Test
    void shouldFindTheTownsOfEveryDistrictWhenACityIsAsked() {
        assertThat(scopes.townsOf("120100000000")).extracting(ScopeRow::name).containsExactly("杨柳青镇", "大港街道");
        assertThat(scopes.townsOf("120111000000")).extracting(ScopeRow::name).containsExactly("杨柳青镇");
    }

    @Test
    void shouldIncludeTheScopeItselfAndEveryScopeBelowWhenAStreamWatchesACity() {
        assertThat(scopes.withDescendants("120100000000")).hasSize(5);
        assertThat(scopes.withDescendants("120111101000")).containsExactly("120111101000");
    }

    @Test
    void shouldAnswer400ForAMalformedCodeAnd404ForAnUnknownOne() {
        assertThatThrownBy(() -> scopes.require("12011")).isInstanceOf(WebException.BadRequest.class);
        assertThatThrownBy(() -> scopes.require("999999999999")).isInstanceOf(WebException.NotFound.class);
        assertThat(scopes.require("120111101000").name()).isEqualTo("杨柳青镇");
    }
}
