package dev.socketserver.handlers;

import java.nio.file.Path;

/**
 * A finished, verified download.
 *
 * @param name the name asked of the server
 * @param file where it was saved
 * @param size its size in bytes
 * @param md5 its MD5 as lowercase hex, as computed here and sent by the server
 */
public record Download(String name, Path file, long size, String md5) {
}
