package cn.fazhi.pulse.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.sink.PermanentSinkException;
import cn.fazhi.pulse.sink.RecordRefusedException;
import cn.fazhi.pulse.sink.RetriableSinkException;
import cn.fazhi.pulse.sink.SinkException;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "08001, RETRIABLE", "08006, RETRIABLE", "57P01, RETRIABLE", "53300, RETRIABLE", "40001, RETRIABLE",
            "28P01, FATAL", "42P01, FATAL", "3D000, FATAL",
            "22003, BAD_RECORD", "23505, BAD_RECORD", "21000, BAD_RECORD"})
    void shouldClassifyBySqlStateWhenTheDriverGivesOne(String state, SqlErrors.Kind kind) {
        RuntimeException wrapped = new RuntimeException("jdbi", new SQLException("x", state));

        assertThat(SqlErrors.classify(wrapped)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "no state -> RETRIABLE")
    @CsvSource("x")
    void shouldRetryWhenTheFailureIsBelowJdbc(String ignored) {
        assertThat(SqlErrors.classify(new RuntimeException(new IOException("connection reset")))).isEqualTo(SqlErrors.Kind.RETRIABLE);
    }

    @Test
    void shouldNameTheSinkExceptionByKindWhenAFailureIsClassified() {
        String url = "jdbc:postgresql://db/x";

        assertThat(SqlErrors.toSinkException(new RuntimeException(new SQLException("gone", "08006")), url))
                .isInstanceOf(RetriableSinkException.class);
        assertThat(SqlErrors.toSinkException(new RuntimeException(new SQLException("overflow", "22003")), url))
                .isInstanceOf(RecordRefusedException.class);
        assertThat(SqlErrors.toSinkException(new RuntimeException(new SQLException("no table", "42P01")), url))
                .isExactlyInstanceOf(PermanentSinkException.class)
                .hasMessageContaining("SQLSTATE 42P01").hasMessageContaining("run the migrations");
    }

    @Test
    void shouldKeepAFailureTheSinkHasAlreadyClassified() {
        SinkException own = new RetriableSinkException("cannot store a dead letter", new SQLException("x", "22003"));

        assertThat(SqlErrors.toSinkException(own, "jdbc:postgresql://db/x")).isSameAs(own);
    }
}
