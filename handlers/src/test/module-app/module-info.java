// A modular application of the library, compiled and run by ModulePathTest.
module app {
    requires dev.socketserver.handlers;
    // The server builds one handler per request: its package must reach the library.
    exports app.handlers to dev.socketserver.core;
}
