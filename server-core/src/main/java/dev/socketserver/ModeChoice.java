package dev.socketserver;

/**
 * What the transports' mode factories ({@code TcpServer.threading(...)} and the like) do with the
 * options they are given: the factory names the mode, so the options may leave it at its default
 * ({@link Mode#SYNC}, "not chosen") or name the same one; any other mode is a contradiction and
 * is refused, never silently overwritten.
 */
final class ModeChoice {

    private ModeChoice() {
    }

    /** {@code options} in {@code mode}. */
    static ServerOptions in(Mode mode, ServerOptions options) {
        if (options.mode() == mode) {
            return options;
        }
        if (options.mode() != Mode.SYNC) {
            throw new IllegalArgumentException("options.mode is " + options.mode().flag() + " but this factory makes a "
                    + mode.flag() + " server: leave the mode unset or pass the options to the constructor");
        }
        return options.toBuilder().mode(mode).build();
    }
}
