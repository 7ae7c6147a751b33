package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Scopes;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** One town in one month: the only grain at which entities contribute figures. */
public record Bucket(String townCode, YearMonth month) {

    /** The town-month an instant falls in, in China Standard Time. */
    public static Bucket of(String townCode, java.time.Instant instant) {
        return new Bucket(townCode, Periods.monthOf(instant));
    }

    /** {@code town|yyyy-MM}, its key in the topology's outbox. */
    public String key() {
        return townCode + '|' + month;
    }

    public static Bucket parse(String key) {
        int bar = key.indexOf('|');
        return new Bucket(key.substring(0, bar), YearMonth.parse(key.substring(bar + 1)));
    }

    /** The nine scope-periods a town-month adds to: town, district, city × month, quarter, year. */
    public List<ScopePeriod> rollups() {
        List<ScopePeriod> all = new ArrayList<>(9);
        for (String scope : Scopes.containing(townCode)) {
            for (String period : Periods.containing(month)) {
                all.add(new ScopePeriod(scope, period));
            }
        }
        return all;
    }
}
