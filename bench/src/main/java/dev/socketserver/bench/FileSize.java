package dev.socketserver.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The file sizes the benchmarks serve, by the label used as a JMH {@code @Param} value. */
public enum FileSize {
    KIB_4("4KiB", 4 * 1024),
    MIB_1("1MiB", 1024 * 1024),
    MIB_100("100MiB", 100 * 1024 * 1024);

    private final String label;
    private final long bytes;

    FileSize(String label, long bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    public String label() {
        return label;
    }

    public long bytes() {
        return bytes;
    }

    /** The name of the file of this size inside the served root. */
    public String fileName() {
        return "file-" + label + ".bin";
    }

    /**
     * The size with this label, e.g. {@code 1MiB}.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static FileSize parse(String label) {
        for (FileSize size : values()) {
            if (size.label.equals(label)) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown file size '" + label + "'; expected one of "
                + Arrays.stream(values()).map(FileSize::label).collect(Collectors.joining(", ")));
    }
}
