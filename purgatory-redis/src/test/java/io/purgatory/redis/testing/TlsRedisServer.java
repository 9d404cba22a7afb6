package io.purgatory.redis.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * A private {@code redis-server} that also listens with TLS on a free loopback port, presenting a
 * certificate of its own throw-away authority ({@link TestCertificates}); its plain port is for the
 * harness's own commands only. Not thread-safe: one test class owns it.
 */
public final class TlsRedisServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final RedisProcess process;
    private final RespClient resp;
    private final int tlsPort;
    private final TestCertificates certificates;
    private final Path dir;

    private TlsRedisServer(RedisProcess process, RespClient resp, int tlsPort, TestCertificates certificates, Path dir) {
        this.process = process;
        this.resp = resp;
        this.tlsPort = tlsPort;
        this.certificates = certificates;
        this.dir = dir;
    }

    /**
     * Starts a server with the binary {@link RedisBinary#resolve()} picks.
     *
     * @return the running server
     * @throws TestAbortedException when that binary was built without TLS (the calling test is skipped, saying so)
     */
    public static TlsRedisServer start() {
        RedisBinary binary = RedisBinary.resolve();
        Path dir = ScratchDirectory.create(null, "purgatory-redis-tls-");
        TestCertificates certificates = TestCertificates.create(dir);
        int port = LoopbackPort.pick(false);
        int tlsPort = LoopbackPort.pick(false);
        while (tlsPort == port) {
            tlsPort = LoopbackPort.pick(false);
        }
        RedisProcess process = RedisProcess.launch(binary, LOOPBACK, port, dir, false, List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                "--tls-auth-clients", "no"));
        RespClient resp = new RespClient(LOOPBACK, port);
        Polling.until(STARTUP_TIMEOUT, () -> !process.isAlive() || resp.ping(Duration.ofMillis(500)),
                "redis-server with TLS answering PING", process::logTail);
        if (!process.isAlive()) {
            String log = process.logTail();
            ScratchDirectory.delete(dir);
            if (log.contains("tls")) {
                throw new TestAbortedException("redis-server at " + binary.path() + " (" + binary.origin()
                        + ") was built without TLS support, which this test needs (Debian's redis-server has it):" + log);
            }
            throw new IllegalStateException("redis-server with TLS did not start:" + log);
        }
        TlsRedisServer server = new TlsRedisServer(process, resp, tlsPort, certificates, dir);
        String version = InfoReply.fields((String) server.command("INFO", "server")).get("redis_version");
        System.out.printf("[redis-harness] redis-server %s (%s) on %s:%d [tls port %d]%n", version, binary.origin(),
                LOOPBACK, port, tlsPort);
        return server;
    }

    /** The loopback address clients connect to. */
    public String host() {
        return LOOPBACK;
    }

    /** The port that speaks TLS only. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The authority that signed the server's certificate: trust it to connect. */
    public Path caCertificate() {
        return certificates.caCertificate();
    }

    /**
     * Runs a command over the plain port, for the test's own checks.
     *
     * @param args the command and its arguments
     * @return the reply, as {@link RedisServer#command(String...)} returns it
     */
    public Object command(String... args) {
        return resp.call(Duration.ofSeconds(5), args);
    }

    @Override
    public void close() {
        try {
            resp.call(Duration.ofSeconds(2), "SHUTDOWN", "NOSAVE");
        } catch (RuntimeException expected) {
            // success closes the connection without a reply
        }
        process.awaitExitOrKill(Duration.ofSeconds(5));
        ScratchDirectory.delete(dir);
    }
}
