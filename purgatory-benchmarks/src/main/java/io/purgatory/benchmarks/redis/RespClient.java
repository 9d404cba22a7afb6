package io.purgatory.benchmarks.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking Redis client over one socket, enough to ping, read {@code INFO} and shut a
 * server down without bringing a second client library into the measured JVM: sends commands as
 * RESP arrays of bulk strings and reads one reply (simple string, error, integer or bulk string).
 * Not thread-safe.
 */
public final class RespClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /**
     * Connects to a server on the loopback interface.
     *
     * @param port the server's port
     * @return a connected client
     * @throws IOException when the connection fails
     */
    public static RespClient connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return new RespClient(socket);
        } catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    /**
     * Sends one command and returns its reply as text.
     *
     * @param args the command and its arguments, e.g. {@code "INFO", "commandstats"}
     * @return the reply: a simple string, an integer or a bulk string; {@code null} for a null bulk string
     * @throws IllegalStateException when the server replies with an error
     * @throws UncheckedIOException when the connection fails
     */
    public String command(String... args) {
        try {
            StringBuilder request = new StringBuilder().append('*').append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(args[0]);
        } catch (IOException ex) {
            throw new UncheckedIOException("Redis " + args[0] + " failed", ex);
        }
    }

    private String readReply(String command) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("connection closed");
        }
        String line = readLine();
        switch (type) {
            case '+', ':':
                return line;
            case '-':
                throw new IllegalStateException("Redis " + command + ": " + line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2); // the body and its CRLF
                if (body.length != length + 2) {
                    throw new IOException("connection closed in a reply");
                }
                return new String(body, 0, length, StandardCharsets.UTF_8);
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "' in reply to " + command);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("connection closed in a reply");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a loopback socket: nothing to do about it
        }
    }
}
