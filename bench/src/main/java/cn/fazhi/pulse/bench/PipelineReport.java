package cn.fazhi.pulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one {@code ./fazhi bench} run measured, as a terminal table and as JSON. */
public record PipelineReport(List<BenchResult> results, double ratioToTransport, SendToStoredLatency.Figures latency, List<Scale> scale) {

    /** The pipeline at one size: rate, CPU per event, and the memory it holds afterwards. */
    public record Scale(long events, int towns, double eventsPerSecond, double cpuMicrosEach, long heapBytes, long stateBytes,
                        long storeKeys, long storeBytes) {
        static Scale of(PipelineThroughput.Point point) {
            return new Scale(point.result().count(), point.towns(), point.result().perSecond(), point.result().cpuMicrosEach(),
                    point.heapBytes(), point.stateBytes(), point.storeKeys(), point.storeBytes());
        }
    }

    public void print(PrintStream out) {
        BenchMain.print(results);
        out.printf("%npipeline / transport limit: %.0f %%%n", ratioToTransport * 100);
        out.printf("%nsend-to-stored latency at %,.0f events/s for %.0f s: %d of %d probes stored; p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                latency.background() / latency.seconds(), latency.seconds(), latency.stored(), latency.probes(), latency.p50(), latency.p99(),
                latency.max());
        out.printf("%n%12s %8s %12s %12s %14s %14s %12s %12s%n", "events", "towns", "events/s", "CPU µs each", "heap MiB (GC)",
                "state dir MiB", "store keys", "store MiB");
        for (Scale s : scale) {
            out.printf("%,12d %,8d %,12.0f %12.1f %,14d %,14.1f %,12d %,12.1f%n", s.events(), s.towns(), s.eventsPerSecond(),
                    s.cpuMicrosEach(), s.heapBytes() >> 20, s.stateBytes() / 1048576.0, s.storeKeys(), s.storeBytes() / 1048576.0);
        }
    }

    /** The machine a run's figures come from, for the JSON beside them. */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryBytes", os.getTotalMemorySize());
        }
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", Instant.now().toString());
        json.put("machine", machine());
        json.put("results", results.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.name());
            row.put("count", r.count());
            row.put("seconds", r.seconds());
            row.put("perSecond", r.perSecond());
            row.put("cpuMicrosEach", Double.isNaN(r.cpuSeconds()) ? null : r.cpuMicrosEach());
            return row;
        }).toList());
        json.put("pipelineToTransportRatio", ratioToTransport);
        json.put("latencyMillis", latency);
        json.put("scale", scale);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
