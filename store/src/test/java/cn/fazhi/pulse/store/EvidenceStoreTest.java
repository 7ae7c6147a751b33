package cn.fazhi.pulse.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceStoreTest {

    @Test
    void shouldSumTheTownsOfItsFirstFourDigitsWhenTheScopeIsACity() {
        assertThat(EvidenceStore.townRange("370300000000")).containsExactly("370300000000", "370399999999");
    }

    @Test
    void shouldSumTheTownsOfItsFirstSixDigitsWhenTheScopeIsADistrict() {
        assertThat(EvidenceStore.townRange("370323000000")).containsExactly("370323000000", "370323999999");
    }

    @Test
    void shouldSumTheTownAloneWhenTheScopeIsATown() {
        assertThat(EvidenceStore.townRange("370323106000")).containsExactly("370323106000", "370323106000");
    }

    @Test
    void shouldSumOnlyTheUnknownTownWhenTheScopeIsTheUnknownScope() {
        String[] range = EvidenceStore.townRange("000000000000");
        assertThat("000000000000").isBetween(range[0], range[1]);
        assertThat("110101001000".compareTo(range[1])).isPositive();
    }
}
