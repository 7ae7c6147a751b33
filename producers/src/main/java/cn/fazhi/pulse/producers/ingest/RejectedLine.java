package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.schemas.Violation;
import java.nio.file.Path;
import java.util.List;

/** One input line refused, with where it was and why: one line of rejected.jsonl. */
public record RejectedLine(Path file, long line, String text, List<Violation> violations) {}
