package io.ferry.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Decides whether a dropped file can be read at all, and fingerprints its content. */
final class FileInspector {

    private static final int SAMPLE = 8192;

    private FileInspector() {
    }

    /** The file's format; throws {@link UnreadableInputException} with the reason when it cannot be read. */
    static InputFormat check(Path file, String fileName) throws IOException {
        // Checked before anything reads it: a link can point anywhere on the machine, outside the inbox.
        if (Files.isSymbolicLink(file)) {
            throw new UnreadableInputException("the file is a symbolic link; Ferry never follows links out of its"
                    + " inbox: copy or move the file itself into the inbox");
        }
        InputFormat format = InputFormat.ofFileName(fileName);
        if (format == null) {
            throw new UnreadableInputException("unknown file type '" + fileName
                    + "': Ferry reads .csv, .json, .ndjson and .jsonl files");
        }
        if (Files.size(file) == 0) {
            throw new UnreadableInputException("the file is empty (0 bytes)");
        }
        byte[] sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(SAMPLE);
        }
        if (startsWith(sample, 0xFF, 0xFE) || startsWith(sample, 0xFE, 0xFF)) {
            throw new UnreadableInputException("the file is UTF-16 text (Excel's \"Unicode text\"), not UTF-8; export"
                    + " it as " + format.name() + " UTF-8 and drop it again");
        }
        String binary = binaryKind(sample);
        if (binary != null) {
            throw new UnreadableInputException("the file is not text but " + binary + "; export it as "
                    + format.name() + " (UTF-8) and drop it again");
        }
        return format;
    }

    /** What binary content the sample looks like, or null when it looks like text. */
    static String binaryKind(byte[] sample) {
        if (startsWith(sample, 'P', 'K', 3, 4)) {
            return "a ZIP archive (an Excel .xlsx workbook?)";
        }
        if (startsWith(sample, 0xD0, 0xCF, 0x11, 0xE0)) {
            return "an old Office document (an Excel .xls workbook?)";
        }
        if (startsWith(sample, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        int control = 0;
        for (byte b : sample) {
            int c = b & 0xFF;
            if (c < 0x09 || c > 0x0D && c < 0x20 && c != 0x1B) {
                control++;
            }
        }
        // Text exports may hold a stray control byte (reported per field); binary files are full of them.
        return sample.length > 0 && control * 10 >= sample.length ? "binary data" : null;
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the content, streamed. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
