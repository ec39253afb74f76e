package dev.socketserver.handlers;

/**
 * A request the file server turns down: the reason becomes the reply {@code ERR <reason>\n}, and
 * the connection stays usable. The reason is a short single line, safe to send to the client.
 */
public final class RefusedException extends Exception {

    /**
     * A refusal.
     *
     * @param reason the text sent to the client after {@code ERR }: short, one line
     */
    public RefusedException(String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace to fill in
    }

    /** {@return the text sent after {@code ERR }} */
    public String reason() {
        return getMessage();
    }
}
