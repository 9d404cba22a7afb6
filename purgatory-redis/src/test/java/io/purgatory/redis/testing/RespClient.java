package io.purgatory.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client that opens one short-lived socket per command; thread-safe because it keeps no connection.
 *
 * <p>Hand-written rather than Lettuce on purpose: a Lettuce connection sends {@code HELLO} and
 * {@code CLIENT SETINFO} when it connects, which would show up in {@code INFO commandstats} next to the
 * traffic a test wants to count, and it would have to be reconnected after every stop, restart or freeze.
 * A socket per command has nothing to go stale, adds nothing to the stats but the command itself, and its
 * read timeout bounds every call even when the server is frozen.
 */
final class RespClient {

    private final String host;
    private final int port;

    RespClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one command and returns {@code String} (simple or bulk), {@code Long}, {@code null} or
     * {@code List<Object>}; nested error replies are returned as {@link RedisReplyException} elements.
     * @throws RedisReplyException if the reply is an error
     * @throws UncheckedIOException if the server is unreachable, closes the connection or does not answer in time
     */
    Object call(Duration timeout, String... args) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(this.host, this.port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            Object reply = read(new BufferedInputStream(socket.getInputStream()));
            if (reply instanceof RedisReplyException error) {
                throw new RedisReplyException(error.getMessage());
            }
            return reply;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(args[0] + " to " + this.host + ":" + this.port + " failed: " + ex, ex);
        }
    }

    /** One PING that reports failure instead of throwing, for readiness polling. */
    boolean ping(Duration timeout) {
        try {
            return "PONG".equals(call(timeout, "PING"));
        }
        catch (UncheckedIOException | RedisReplyException notReady) {
            return false; // refused while starting, timed out while frozen or paused, or -LOADING
        }
    }

    private static byte[] encode(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return buffer.toByteArray();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisReplyException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length < length + 2) {
                    throw new EOFException("Connection closed inside a bulk reply");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            case -1:
                throw new EOFException("Connection closed without a reply");
            default:
                throw new IOException("Unexpected RESP type '" + (char) type + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        if (line.size() == 0) {
            return "";
        }
        throw new EOFException("Connection closed inside a reply line");
    }

}
