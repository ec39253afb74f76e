package dev.socketserver.internal;

/** What a failed FFM downcall becomes: {@code invokeExact} declares {@code Throwable}, a C call throws nothing. */
final class NativeCallFailure {

    private NativeCallFailure() {
    }

    /**
     * Rethrows an {@link Error}; anything else is a linkage failure.
     *
     * @return the exception to throw, so that a caller can write {@code throw NativeCallFailure.of(e)}
     */
    static RuntimeException of(Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call failed", e);
    }
}
