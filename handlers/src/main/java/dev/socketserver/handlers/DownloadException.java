package dev.socketserver.handlers;

/**
 * A download that failed for a reason the client understands: the server refused, the reply
 * made no sense, the digest did not match, the local file exists. The message is one line.
 * Nothing was saved.
 */
public final class DownloadException extends Exception {

    /** Whether another command may be sent on the same connection. */
    private final boolean connectionUsable;

    /**
     * A download that failed.
     *
     * @param message what went wrong, shown to the user as is
     * @param connectionUsable whether the connection is still in step for another command (after
     *     a refusal or a digest mismatch it is; after a reply it could not parse, it is not)
     */
    public DownloadException(String message, boolean connectionUsable) {
        super(message);
        this.connectionUsable = connectionUsable;
    }

    /** {@return whether another command may be sent on the same connection} */
    public boolean connectionUsable() {
        return connectionUsable;
    }
}
