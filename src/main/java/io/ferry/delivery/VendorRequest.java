package io.ferry.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a vendor, relative to the vendor's base URL: what {@link VendorCall#write} puts on the
 * exchange before the vendor's HTTP endpoint is called. Equal when method, path, query, body and headers are.
 *
 * <p>The body is not to be changed once the request is made: the bytes written for it ({@link #bodyBytes}) are kept,
 * and {@link #bodyHash} hashes them when they are there.
 */
public final class VendorRequest {

    // One digest per thread: looking the algorithm up for every record cost more than hashing its body.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final String path;
    private final String query;
    private final JsonNode body;
    private final Map<String, String> headers;
    // The body as sent, once written (the same bytes each time: a race only writes them twice). Volatile, so that a
    // thread that sees the array sees its bytes.
    private volatile byte[] bytes;

    /**
     * @param method  POST, PUT, PATCH, ...
     * @param path    path below the base URL, starting with '/', ids already URL-encoded
     * @param query   query string without '?', or null
     * @param body    the JSON body, or null for none
     * @param headers extra headers besides Content-Type/Accept (never credentials: the vendor's auth step adds those)
     */
    public VendorRequest(String method, String path, String query, JsonNode body, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String query() {
        return query;
    }

    public JsonNode body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static VendorRequest post(String path, JsonNode body) {
        return new VendorRequest("POST", path, null, body, Map.of());
    }

    public static VendorRequest put(String path, JsonNode body) {
        return new VendorRequest("PUT", path, null, body, Map.of());
    }

    public static VendorRequest patch(String path, JsonNode body) {
        return new VendorRequest("PATCH", path, null, body, Map.of());
    }

    /** A GET without a body; {@code query} is already encoded (see {@link #segment}), or null. */
    public static VendorRequest get(String path, String query) {
        return new VendorRequest("GET", path, query, null, Map.of());
    }

    /**
     * One path segment or query value, percent-encoded (an external id such as "SF 1/2" becomes SF%201%2F2, an e-mail
     * such as a+b@x.io becomes a%2Bb%40x.io).
     */
    public static String segment(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The body as sent: compact UTF-8 JSON, written once (not to be changed by the caller). */
    public byte[] bodyBytes() {
        byte[] written = bytes;
        if (written == null) {
            try {
                written = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a request body", e);
            }
            bytes = written;
        }
        return written;
    }

    /**
     * SHA-256 of the body as sent ({@link #bodyBytes}), in hex; kept in the id map for change detection. A request
     * that was sent hashes the bytes it sent. Otherwise (change detection of a re-sent file maps and hashes every
     * record without sending it) the body is written straight into the digest, with no array: those arrays were a
     * large part of what a re-sent file allocated.
     */
    public String bodyHash() {
        byte[] written = bytes;
        if (written != null) {
            MessageDigest digest = SHA_256.get();
            digest.reset();
            digest.update(written);
            return HexFormat.of().formatHex(digest.digest());
        }
        return bodyHash(body);
    }

    /** SHA-256 of a body as it would be sent (compact UTF-8 JSON), in hex, written straight into the digest. */
    public static String bodyHash(JsonNode body) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        if (body != null) {
            try {
                JSON.writeValue(new DigestSink(digest), body);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write a request body", e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // Bytes written go into the digest, nowhere else.
    private static final class DigestSink extends OutputStream {

        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VendorRequest that && method.equals(that.method) && path.equals(that.path)
                && Objects.equals(query, that.query) && Objects.equals(body, that.body) && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, body, headers);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " "
                + (body == null ? "" : new String(bodyBytes(), StandardCharsets.UTF_8));
    }
}
