package io.ferry.intake;

import io.ferry.record.Record;
import java.io.Closeable;
import java.util.Iterator;

/** A stream of records read lazily from one input; closing it releases the input. */
public interface RecordIterator extends Iterator<Record>, Closeable {
}
