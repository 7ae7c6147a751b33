package cn.fazhi.pulse.schemas.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorCatalogTest {

    @Test
    void shouldFindEveryRatioInTheCatalogWhenLookedUpById() {
        // Given the ids the report and the demo name rates by
        List<String> ratios = constants(Ratio.class);

        // Then each is an indicator of the catalog with a denominator
        assertThat(ratios).isNotEmpty().allSatisfy(id ->
                assertThat(IndicatorCatalog.byId(id)).as(id).hasValueSatisfying(i -> assertThat(i.hasDenominator()).isTrue()));
    }

    @Test
    void shouldNameEveryRatioOfTheCatalogByAConstantWhenItHasADenominator() {
        List<String> ratios = constants(Ratio.class);

        assertThat(IndicatorCatalog.all()).filteredOn(Indicator::hasDenominator).extracting(Indicator::id)
                .containsExactlyInAnyOrderElementsOf(ratios);
    }

    @Test
    void shouldPutEveryIndicatorInExactlyOneFamilyWhenItsIdIsRead() {
        for (Indicator indicator : IndicatorCatalog.all()) {
            assertThat(Arrays.stream(Family.values()).filter(f -> f.contains(indicator.id())))
                    .as(indicator.id()).hasSize(1);
        }
        for (Family family : Family.values()) {
            assertThat(IndicatorCatalog.all()).as(family.name()).anyMatch(i -> family.contains(i.id()));
        }
    }

    private static List<String> constants(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(IndicatorCatalogTest::value)
                .toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
