package cn.fazhi.pulse.streams.topology;

import org.apache.avro.specific.SpecificRecord;

/** An input record after validation: a usable event, or a dead letter with its reason. */
sealed interface Checked {

    record Valid(SpecificRecord event) implements Checked {}

    /**
     * @param townCode the town, when it could be read, so the rejection counts against it
     */
    record Invalid(byte[] raw, String reason, String townCode) implements Checked {}
}
