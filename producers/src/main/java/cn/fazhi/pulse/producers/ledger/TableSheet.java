package cn.fazhi.pulse.producers.ledger;

import java.util.List;

/** One table of a ledger file (a CSV file, an Excel sheet), fed row by row by its file's reader. */
interface TableSheet {

    /** @param number the row a clerk sees, from 1 */
    void row(long number, List<String> cells, long bytesRead);

    void end(long bytesRead);

    /** Makes the table for a sheet of a file ({@code ""} for a CSV file), given the type the sheet or file is named after. */
    interface Factory {
        TableSheet sheet(java.nio.file.Path file, String sheetName, java.util.Optional<cn.fazhi.pulse.schemas.EventType> namedType);
    }
}
