package dev.socketserver.cli;

import java.io.Console;

/** Whether standard output is a terminal (then progress is drawn; otherwise the client is quiet). */
final class Terminal {

    private Terminal() {
    }

    static boolean isTerminal() {
        Console console = System.console(); // since JDK 22 non-null even when redirected: ask isTerminal()
        return console != null && console.isTerminal();
    }
}
