package cn.fazhi.pulse.producers.ingest;

import java.util.Map;

/**
 * What an import did, in total and per file ({@code [accepted, rejected, skipped]}): events
 * published (or, in a dry run, that would be), rows refused, and rows skipped on purpose (titles
 * above a header, comment rows starting with {@code #}).
 */
public record ImportSummary(long accepted, long rejected, long skipped, Map<String, long[]> perFile) {}
