package io.ferry.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/**
 * A bounded, lock-free ring of the most recent requests. The hot path only stores references;
 * copying headers and redacting credentials happens when someone reads the journal.
 */
final class RequestJournal {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key");
    private static final Pattern SECRET_FORM_FIELD = Pattern.compile("((?:^|&)refresh_token=)[^&]*");
    private static final String REDACTED = "***";

    private record Entry(Instant at, Vendor vendor, SandboxRequest request, int status) {
    }

    private final AtomicReferenceArray<Entry> ring;
    private final AtomicLong written = new AtomicLong();

    RequestJournal(int capacity) {
        ring = new AtomicReferenceArray<>(capacity);
    }

    void record(Vendor vendor, SandboxRequest request, int status) {
        long slot = written.getAndIncrement();
        ring.set((int) (slot % ring.length()), new Entry(Instant.now(), vendor, request, status));
    }

    /** Oldest first. Under concurrent writes the newest few entries may be missing. */
    List<RecordedRequest> snapshot() {
        long end = written.get();
        long start = Math.max(0, end - ring.length());
        List<Entry> entries = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            Entry entry = ring.get((int) (i % ring.length()));
            if (entry != null) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(Entry::at));
        List<RecordedRequest> out = new ArrayList<>(entries.size());
        entries.forEach(e -> out.add(redacted(e)));
        return out;
    }

    void clear() {
        for (int i = 0; i < ring.length(); i++) {
            ring.set(i, null);
        }
        written.set(0);
    }

    private static RecordedRequest redacted(Entry e) {
        Map<String, String> headers = new TreeMap<>();
        e.request().headers().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            headers.put(key, SECRET_HEADERS.contains(key) ? REDACTED : String.join(", ", values));
        });
        String body = e.request().bodyText();
        if (body.contains("refresh_token=")) {
            body = SECRET_FORM_FIELD.matcher(body).replaceAll("$1" + REDACTED);
        }
        return new RecordedRequest(e.at(), e.vendor().key(), e.request().method(), e.request().pathAndQuery(),
                headers, body, e.status());
    }
}
