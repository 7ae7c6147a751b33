package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The batch approach the pipeline replaces: every event loaded into one PostgreSQL table, and the
 * indicators computed from it with SQL, written independently of the streams module (the files
 * under {@code peer/}). {@code 10_live.sql} settles which events stand (corrections, duplicates,
 * retractions, and per entity the step that occurred last); then one file per family of the
 * catalog computes its town-months — mediation, petitions, cases and hearings, training with
 * exams and publicity, legal services with village advisor coverage, enforcement, rule-making
 * with major decisions, data quality — and {@code 90_rollup.sql} sums them into quarters, years,
 * districts and cities. Every indicator of the catalog is computed except {@code dq.rejected}:
 * the peer is loaded with valid events only, so it has no rejections to count.
 */
final class BatchPeer implements AutoCloseable {
    /** The SQL of a recompute, in order; each file's {@code ${towns}} is the filter on town codes. */
    private static final List<String> STEPS = List.of("10_live.sql", "20_mediation.sql", "30_petition.sql", "40_case.sql",
            "50_training.sql", "60_legal_services.sql", "70_enforcement.sql", "80_rulemaking.sql", "85_data_quality.sql",
            "90_rollup.sql");
    private static final int COPY_CHUNK = 50_000;

    private final Connection connection;
    private long lastSeq;

    BatchPeer(String jdbcUrl, String user, String password) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Creates the peer's tables, loads every event by COPY in arrival order, then indexes them. */
    long load(Iterable<SimulatedEvent> events) throws SQLException, IOException {
        execute(sql("00_schema.sql"));
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder chunk = new StringBuilder();
        int rows = 0;
        for (SimulatedEvent e : events) {
            PeerRows.appendCsv(chunk, ++lastSeq, e.event());
            if (++rows == COPY_CHUNK) {
                copy.copyIn(PeerRows.COPY, new StringReader(chunk.toString()));
                chunk.setLength(0);
                rows = 0;
            }
        }
        copy.copyIn(PeerRows.COPY, new StringReader(chunk.toString()));
        execute(sql("01_indexes.sql"));
        return lastSeq;
    }

    /** Appends one event as the next arrival. */
    void add(SpecificRecord event) throws SQLException, IOException {
        StringBuilder row = new StringBuilder();
        PeerRows.appendCsv(row, ++lastSeq, event);
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(PeerRows.COPY, new StringReader(row.toString()));
    }

    /** Recomputes every indicator of every scope from all events, in one transaction. */
    void recomputeAll() throws SQLException {
        recompute("TRUNCATE peer_standing, peer_live, peer_step, peer_month, peer_indicator", "true");
    }

    /**
     * Recomputes only one city's towns, districts and the city itself: the least a batch job must
     * redo after an event of that city, since the city's figures sum all its towns.
     *
     * @param cityPrefix the first four digits of the city's code
     */
    void recomputeCity(String cityPrefix) throws SQLException {
        if (!cityPrefix.matches("\\d{4}")) {
            throw new IllegalArgumentException("a city prefix is four digits, was " + cityPrefix);
        }
        String towns = "town_code LIKE '" + cityPrefix + "%'";
        recompute("DELETE FROM peer_standing WHERE " + towns + "; DELETE FROM peer_live WHERE " + towns + "; DELETE FROM peer_step WHERE " + towns + "; DELETE FROM peer_month WHERE "
                + towns + "; DELETE FROM peer_indicator WHERE scope_code LIKE '" + cityPrefix + "%'", towns);
    }

    private void recompute(String clear, String townFilter) throws SQLException {
        connection.setAutoCommit(false);
        try {
            execute(clear);
            for (String step : STEPS) {
                execute(sql(step).replace("${towns}", townFilter));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The numerator the peer holds for one figure, or null if it has none. */
    java.math.BigDecimal numerator(String scope, String period, String indicator) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT numerator FROM peer_indicator WHERE scope_code = ? AND period = ? AND indicator = ?")) {
            query.setString(1, scope);
            query.setString(2, period);
            query.setString(3, indicator);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : null;
            }
        }
    }

    /** Rows of the peer's results. */
    long figures() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM peer_indicator")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Figures held by the pipeline's {@code indicator_current}, the peer or both: what
     * {@link #differencesFromPipeline} compares.
     */
    long figuresCompared() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM indicator_current c FULL JOIN peer_indicator p USING (scope_code, period, indicator)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The figures where the peer and the pipeline's {@code indicator_current} (same database)
     * disagree, over every indicator either holds, a missing figure counting as zero (the pipeline
     * publishes zeros that the peer leaves out); at most {@code limit}, described.
     */
    List<String> differencesFromPipeline(int limit) throws SQLException {
        String query = """
                SELECT scope_code, period, indicator, c.numerator, c.denominator, p.numerator, p.denominator
                FROM indicator_current c
                FULL JOIN peer_indicator p USING (scope_code, period, indicator)
                WHERE coalesce(c.numerator, 0) <> coalesce(p.numerator, 0) OR coalesce(c.denominator, 0) <> coalesce(p.denominator, 0)
                ORDER BY 1, 2, 3 LIMIT %d""".formatted(limit);
        List<String> differences = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                differences.add(String.format("%s %s %s: pipeline %s/%s, SQL peer %s/%s", rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7)));
            }
        }
        return differences;
    }

    private void execute(String statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statements);
        }
    }

    private static String sql(String file) {
        try (InputStream in = BatchPeer.class.getResourceAsStream("peer/" + file)) {
            if (in == null) {
                throw new IllegalStateException("peer/" + file + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read peer/" + file, e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
