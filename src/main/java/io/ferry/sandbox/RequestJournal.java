package io.ferry.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/** A bounded, lock-free ring of the most recent requests, with credentials redacted. */
final class RequestJournal {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key");
    private static final Pattern SECRET_FORM_FIELD = Pattern.compile("((?:^|&)refresh_token=)[^&]*");
    private static final String REDACTED = "***";

    private final AtomicReferenceArray<RecordedRequest> ring;
    private final AtomicLong written = new AtomicLong();

    RequestJournal(int capacity) {
        ring = new AtomicReferenceArray<>(capacity);
    }

    void record(Vendor vendor, SandboxRequest request, int status) {
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            headers.put(key, SECRET_HEADERS.contains(key) ? REDACTED : String.join(", ", values));
        });
        String body = request.bodyText();
        if (body.contains("refresh_token=")) {
            body = SECRET_FORM_FIELD.matcher(body).replaceAll("$1" + REDACTED);
        }
        RecordedRequest entry = new RecordedRequest(Instant.now(), vendor.key(), request.method(),
                request.pathAndQuery(), headers, body, status);
        long slot = written.getAndIncrement();
        ring.set((int) (slot % ring.length()), entry);
    }

    /** Oldest first. Under concurrent writes the newest few entries may be missing or out of order. */
    List<RecordedRequest> snapshot() {
        long end = written.get();
        long start = Math.max(0, end - ring.length());
        List<RecordedRequest> out = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            RecordedRequest entry = ring.get((int) (i % ring.length()));
            if (entry != null) {
                out.add(entry);
            }
        }
        out.sort(java.util.Comparator.comparing(RecordedRequest::at));
        return out;
    }

    void clear() {
        for (int i = 0; i < ring.length(); i++) {
            ring.set(i, null);
        }
        written.set(0);
    }
}
