package io.ferry.delivery;

import io.ferry.record.RecordExchange;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultMessage;

/** The exchange of a record handed over for delivery, made from the exchange of the input it was read in. */
final class RecordHandOff {

    /** Exchange property: the name of the intake (target or mapped source) whose input this is, set by its route. */
    static final String INTAKE = "ferryTarget";
    // Ferry's properties of an input that its records carry.
    private static final Set<String> CARRIED = Set.of(RecordExchange.REPORT, RecordExchange.DRY_RUN, INTAKE);

    private RecordHandOff() {
    }

    /**
     * A record's own exchange: a copy of its input's, without what only the input's steps read (the file's headers,
     * the file itself, the lanes' pending records and the intake's other properties), with a plain message. Of the
     * input's properties a record carries its report and dry-run flag ({@link RecordExchange#REPORT},
     * {@link RecordExchange#DRY_RUN}) and the intake's name. Camel copies a record's exchange again several times on
     * its way (the enrich of its target route, and the error handler before each step of the vendor route, so that a
     * step can be tried again), and each property and header carried over costs that many times.
     */
    static Exchange copy(Exchange input) {
        Exchange copy = input.copy();
        // Plain loops: Camel's removeProperties(pattern, excludes) and removeHeaders("*") match each name against
        // each pattern as a regular expression too, 9% of a first run's CPU.
        copy.getProperties().keySet().removeIf(name -> name.startsWith("ferry") && !CARRIED.contains(name));
        copy.removeProperty(Exchange.FILE_EXCHANGE_FILE);
        // A plain message without headers: the input's (a file's or a JMS message) would be copied with its own
        // fields at every later copy of the record's exchange.
        copy.setIn(new DefaultMessage(copy));
        return copy;
    }
}
