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

    /** The server announced {@code size} bytes. */
    void started(String name, long size);

    /** {@code received} bytes of the body have arrived so far. */
    void advanced(long received);

    /** The download ended, saved or not. */
    void finished(boolean success);
}
