package cn.fazhi.pulse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent by this process, and by its threads of one name. Wall-clock rates swing with
 * whatever else the machine runs; CPU time per event does not, so it is what compares two
 * versions of the code measured on a busy machine.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** USER_HZ of Linux, in which /proc counts CPU time: 100 on every common kernel build. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private CpuClock() {}

    /** CPU seconds this JVM has used so far (all threads, the embedded broker's included). */
    static double processSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /**
     * CPU seconds process {@code pid} has used so far: another process of this machine, such as a
     * broker started by a benchmark. Read from {@code /proc}; NaN where there is none (not Linux).
     */
    static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the parenthesised name: utime and stime are the 12th and 13th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds used so far by the JVM's own threads, which {@link ThreadMXBean} does not see:
     * the JIT compilers (a third of the CPU in the first minute of a big application on two
     * cores), the garbage collector, and RocksDB's background threads. Read from
     * {@code /proc/self/task}; empty where there is none (not Linux).
     */
    static Map<String, Double> jvmInternals() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return seconds;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    String stat = Files.readString(thread.resolve("stat"));
                    // Fields after the parenthesised name: utime and stime are the 12th and 13th.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
                    internalGroup(name).ifPresent(group -> seconds.merge(group, cpu, Double::sum));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: its time is no longer counted anywhere
                }
            });
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    private static Optional<String> internalGroup(String threadName) {
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return Optional.of("JIT compiler threads");
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
            return Optional.of("garbage collector and VM threads");
        }
        if (threadName.startsWith("rocksdb:")) {
            return Optional.of("RocksDB background threads");
        }
        return Optional.empty();
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
