package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.schemas.Violation;
import java.nio.file.Path;
import java.util.List;

/**
 * One input line or row refused, with where it was and why: one line of rejected.jsonl.
 *
 * @param sheet the Excel sheet, empty for CSV and JSON Lines
 * @param place where a clerk finds it, in both languages
 */
public record RejectedLine(Path file, String sheet, long line, String place, String text, List<Violation> violations) {}
