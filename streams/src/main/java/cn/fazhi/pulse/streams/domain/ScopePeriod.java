package cn.fazhi.pulse.streams.domain;

/** A town, district or city over a month, quarter or year: what a snapshot describes. */
public record ScopePeriod(String scopeCode, String period) {

    /** {@code scope|period}, the key of its figures in the topology. */
    public String key() {
        return scopeCode + '|' + period;
    }

    public static ScopePeriod parse(String key) {
        int bar = key.indexOf('|');
        return new ScopePeriod(key.substring(0, bar), key.substring(bar + 1));
    }
}
