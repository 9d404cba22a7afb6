package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, as PEM files made with {@code openssl} in a directory of their own. Immutable.
 *
 * @param caCertificate the authority's certificate, to trust
 * @param serverCertificate the server's certificate
 * @param serverKey the server's private key (unencrypted)
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    /**
     * Makes a new authority and server certificate, valid for two days.
     *
     * @param dir an empty directory for the files
     * @return the files
     */
    public static TestCertificates create(Path dir) {
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.crt");
        Path key = dir.resolve("redis.key");
        Path request = dir.resolve("redis.csr");
        Path certificate = dir.resolve("redis.crt");
        Path extensions = dir.resolve("san.ext");
        try {
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.US_ASCII);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Purgatory test CA",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key.toString(),
                "-out", request.toString());
        openssl(dir, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", certificate.toString());
        return new TestCertificates(ca, certificate, key);
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("openssl is needed to make the TLS tests' certificates", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", ex);
        }
    }
}
