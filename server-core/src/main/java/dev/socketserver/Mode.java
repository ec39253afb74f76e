package dev.socketserver;

/**
 * How a server runs each request: the Java counterpart of CPython's mix-ins.
 *
 * <ul>
 *   <li>{@link #SYNC}: inline in the thread that serves, one request at a time (plain {@code TCPServer}).</li>
 *   <li>{@link #THREADED}: a new platform thread per request ({@code ThreadingMixIn}).</li>
 *   <li>{@link #VIRTUAL}: a new virtual thread per request; the recommended default.</li>
 *   <li>{@link #FORKED}: a new child JVM per request, which gets the socket as its standard
 *       input ({@code ForkingMixIn}); see {@link ForkOptions}.</li>
 * </ul>
 */
public enum Mode {
    /** One request at a time, in the serving thread (CPython's plain servers). */
    SYNC,
    /** A platform thread per request ({@code ThreadingMixIn}). */
    THREADED,
    /** A virtual thread per request. */
    VIRTUAL,
    /** A child JVM per request, started for it or taken from the pool ({@code ForkingMixIn}). */
    FORKED;

    /** {@return the lower-case name used on the command line, e.g. {@code virtual}} */
    public String flag() {
        return EnumFlags.flag(this);
    }

    /**
     * Parses a command-line name such as {@code threaded} ({@link EnumFlags#parse}).
     *
     * @param text the name, in any case
     * @return the mode of that name
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Mode parse(String text) {
        return EnumFlags.parse(Mode.class, text);
    }
}
