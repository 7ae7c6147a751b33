package cn.fazhi.pulse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this process, and by its threads of one name. Wall-clock rates swing with
 * whatever else the machine runs; CPU time per event does not, so it is what compares two
 * versions of the code measured on a busy machine.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    /** CPU seconds this JVM has used so far (all threads, the embedded broker's included). */
    static double processSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /**
     * Milliseconds the JIT compiler threads have spent compiling so far: CPU the JVM's own
     * threads do not show, large in the first minute of a big application on two cores.
     */
    static long compilingMillis() {
        var compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : 0;
    }

    /**
     * CPU seconds used so far by the live threads, grouped by name with numbers left out
     * ("data-plane-kafka-request-handler-#"), largest first: where a run's time went.
     */
    static Map<String, Double> byThreadGroup() {
        Map<String, Double> groups = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            long nanos = info == null ? -1 : THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                groups.merge(info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+", "#"), nanos / 1e9, Double::sum);
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** CPU seconds used so far by the live threads whose name contains {@code part}. */
    static double threadSeconds(String part) {
        return Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds()))
                .filter(info -> info != null && info.getThreadName().contains(part))
                .mapToLong(info -> THREADS.getThreadCpuTime(info.getThreadId()))
                .filter(nanos -> nanos > 0)
                .sum() / 1e9;
    }
}
