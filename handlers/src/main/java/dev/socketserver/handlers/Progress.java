package dev.socketserver.handlers;

/** Hears how a download advances; a progress bar, say. */
public interface Progress {

    /** Hears nothing. */
    Progress NONE = new Progress() {
        @Override
        public void started(String name, long size) {
        }

        @Override
        public void advanced(long received) {
        }

        @Override
        public void finished(boolean success) {
        }
    };

    /**
     * The server announced the file.
     *
     * @param name the file's name as requested
     * @param size the body's length in bytes
     */
    void started(String name, long size);

    /**
     * Part of the body has arrived.
     *
     * @param received the body's bytes received so far (a running total, not this piece)
     */
    void advanced(long received);

    /**
     * The download ended.
     *
     * @param success whether the file was received whole and saved
     */
    void finished(boolean success);
}
