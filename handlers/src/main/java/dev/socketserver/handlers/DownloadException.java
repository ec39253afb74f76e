package dev.socketserver.handlers;

/**
 * A download that failed for a reason the client understands: the server refused, the reply
 * made no sense, the digest did not match, the local file exists. The message is one line.
 * Nothing was saved. Made by {@link #inStep} or {@link #outOfStep}, which say whether the
 * connection can carry another command.
 */
public final class DownloadException extends Exception {

    /** Whether another command may be sent on the same connection (serialized with the message). */
    private final boolean connectionUsable;

    private DownloadException(String message, boolean connectionUsable) {
        super(message);
        this.connectionUsable = connectionUsable;
    }

    /**
     * The connection is still in step for another command: a refusal, a digest mismatch, or a
     * problem found before anything was sent.
     *
     * @param message the one-line reason shown to the user
     * @return an exception whose {@link #connectionUsable()} is true
     */
    public static DownloadException inStep(String message) {
        return new DownloadException(message, true);
    }

    /**
     * The connection is out of step and must be closed: the server closed it, sent a reply that
     * made no sense, stopped in the middle of a body, or the deadline passed.
     *
     * @param message the one-line reason shown to the user
     * @return an exception whose {@link #connectionUsable()} is false
     */
    public static DownloadException outOfStep(String message) {
        return new DownloadException(message, false);
    }

    /** {@return whether another command may be sent on the same connection} */
    public boolean connectionUsable() {
        return connectionUsable;
    }
}
