package cn.fazhi.pulse.bench;

/**
 * One measured figure: what, how many, how long, the rate, and the CPU time the process spent on
 * it (NaN where not measured), which holds on a busy machine where the rate does not.
 */
public record BenchResult(String name, long count, double seconds, String unit, double cpuSeconds) {

    public BenchResult(String name, long count, double seconds, String unit) {
        this(name, count, seconds, unit, Double.NaN);
    }

    public double perSecond() {
        return count / seconds;
    }

    /** CPU microseconds per counted item. */
    public double cpuMicrosEach() {
        return cpuSeconds * 1e6 / count;
    }

    /** One line for the progress log. */
    public String summary() {
        return String.format("%s: %,d %s in %.1f s, %,.0f/s%s", name, count, unit, seconds, perSecond(),
                Double.isNaN(cpuSeconds) ? "" : String.format(", %.1f CPU µs each", cpuMicrosEach()));
    }
}
