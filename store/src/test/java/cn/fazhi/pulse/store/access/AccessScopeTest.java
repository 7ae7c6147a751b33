package cn.fazhi.pulse.store.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessScopeTest {
    private static final String YANGLIUQING = "120111101000";
    private static final String XINKOU = "120111102000";
    private static final String XIQING = "120111000000";
    private static final String BINHAI_TOWN = "120116051000";
    private static final String TIANJIN = "120100000000";
    private static final String SHANDONG_TOWN = "370323106000";

    @Test
    void shouldContainOnlyItselfWhenTheScopeIsATown() {
        AccessScope town = new AccessScope(YANGLIUQING);

        assertThat(town.level()).isEqualTo(AccessScope.Level.TOWN);
        assertThat(town.contains(YANGLIUQING)).isTrue();
        assertThat(town.contains(XINKOU)).isFalse();
        assertThat(town.contains(XIQING)).as("not the district above it").isFalse();
    }

    @Test
    void shouldContainItsTownsButNotItsNeighboursWhenTheScopeIsADistrict() {
        AccessScope district = new AccessScope(XIQING);

        assertThat(district.level()).isEqualTo(AccessScope.Level.DISTRICT);
        assertThat(district.contains(XIQING)).isTrue();
        assertThat(district.contains(YANGLIUQING)).isTrue();
        assertThat(district.contains(BINHAI_TOWN)).as("a town of another district of the city").isFalse();
        assertThat(district.contains(TIANJIN)).as("not the city above it").isFalse();
    }

    @Test
    void shouldContainEveryDistrictAndTownOfTheCityWhenTheScopeIsACity() {
        AccessScope city = new AccessScope(TIANJIN);

        assertThat(city.level()).isEqualTo(AccessScope.Level.CITY);
        assertThat(city.contains(YANGLIUQING)).isTrue();
        assertThat(city.contains(BINHAI_TOWN)).isTrue();
        assertThat(city.contains(SHANDONG_TOWN)).isFalse();
    }

    @Test
    void shouldContainEveryCodeButNoGarbageWhenTheScopeIsEverything() {
        assertThat(AccessScope.EVERYTHING.level()).isEqualTo(AccessScope.Level.EVERYTHING);
        assertThat(AccessScope.EVERYTHING.contains(SHANDONG_TOWN)).isTrue();
        assertThat(AccessScope.EVERYTHING.contains("12011110100")).isFalse();
        assertThat(AccessScope.EVERYTHING.contains(null)).isFalse();
    }

    @Test
    void shouldRefuseInBothLanguagesWhenTheCodeIsNotTwelveDigits() {
        assertThatThrownBy(() -> new AccessScope("12011110100x")).isInstanceOf(AccessException.class)
                .hasMessageContaining("12 位").hasMessageContaining("12-digit");
    }

    @Test
    void shouldNameTheKnownRolesWhenARoleIsUnknown() {
        assertThat(Role.parse("Clerk")).isEqualTo(Role.CLERK);
        assertThatThrownBy(() -> Role.parse("mayor")).isInstanceOf(AccessException.class)
                .hasMessageContaining("没有这个角色").hasMessageContaining("admin, supervisor, clerk, system");
    }
}
