package cn.fazhi.pulse.producers.ingest;

import java.util.Map;

/** What an import did: events published and lines refused, in total and per file. */
public record ImportSummary(long accepted, long rejected, Map<String, long[]> perFile) {}
