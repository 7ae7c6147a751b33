package cn.fazhi.pulse.bench;

/** One measured figure: what, how many, how long, and the rate. */
public record BenchResult(String name, long count, double seconds, String unit) {

    public double perSecond() {
        return count / seconds;
    }
}
