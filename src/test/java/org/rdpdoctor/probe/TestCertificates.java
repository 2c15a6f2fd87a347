package org.rdpdoctor.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Server certificates made with the JDK's keytool, once per test JVM, in a temporary folder: no
 * certificate library needed.
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private static final Map<Kind, KeyStore> STORES = new ConcurrentHashMap<>();

    /** The certificates the tests serve. */
    public enum Kind {
        /** CN=localhost, SAN localhost and 127.0.0.1, self-signed, valid for a year. */
        LOCALHOST_SELF_SIGNED,
        /** CN=localhost, SAN localhost and 127.0.0.1, signed by a test CA, valid for a year. */
        LOCALHOST_BY_CA,
        /** CN=rds01, self-signed, ended 30 days ago. */
        EXPIRED_RDS01,
        /** CN=other.example, SAN other.example, *.corp.example and 2001:db8::5, self-signed. */
        OTHER_NAME,
        /** CN "evil", a terminal escape sequence that colours text red, a line break, "forged". */
        HOSTILE_NAME,
        /**
         * O=rdp-doctor test, no CN, a subject alternative name with only an e-mail address,
         * self-signed.
         */
        NO_NAMES,
        /**
         * CN=localhost, SAN localhost, 127.0.0.1 and 2,000 more names, self-signed: a certificate
         * message over the 32,768 bytes Java's TLS client reads.
         */
        OVERSIZED
    }

    private TestCertificates() {}

    /** A server TLS context presenting the certificate. */
    public static SSLContext serverContext(Kind kind) {
        try {
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store(kind), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server certificate itself. */
    public static X509Certificate certificate(Kind kind) {
        try {
            return (X509Certificate) store(kind).getCertificate("server");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyStore store(Kind kind) {
        if (STORES.isEmpty()) {
            generate();
        }
        return STORES.get(kind);
    }

    private static void generate() {
        try {
            Path dir = Files.createTempDirectory("rdp-doctor-certs");
            dir.toFile().deleteOnExit();
            List<CompletableFuture<Void>> first = new ArrayList<>();
            first.add(
                    keytool(
                            dir,
                            "localhost.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "san=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "expired.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=rds01",
                            "-startdate",
                            "-60d",
                            "-validity",
                            "30"));
            first.add(
                    keytool(
                            dir,
                            "other.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=other.example",
                            "-ext",
                            "san=dns:other.example,dns:*.corp.example,ip:2001:db8::5",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "hostile.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=evil\u001B[31m\nforged",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "nonames.p12",
                            "-genkeypair",
                            "-dname",
                            "O=rdp-doctor test",
                            "-ext",
                            "san=email:admin@rdp-doctor.test",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "ca.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=rdp-doctor test CA",
                            "-ext",
                            "bc:c",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "byca.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=localhost",
                            "-validity",
                            "365"));
            first.add(
                    keytool(
                            dir,
                            "oversized.p12",
                            "-genkeypair",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "san=dns:localhost,ip:127.0.0.1"
                                    + IntStream.rangeClosed(1, 2_000)
                                            .mapToObj(",dns:h%04d.farm.example"::formatted)
                                            .collect(Collectors.joining()),
                            "-validity",
                            "365"));
            CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).join();
            keytool(dir, "byca.p12", "-certreq", "-file", "byca.csr").join();
            keytool(
                            dir,
                            "ca.p12",
                            "-gencert",
                            "-infile",
                            "byca.csr",
                            "-outfile",
                            "byca.cer",
                            "-rfc",
                            "-ext",
                            "san=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "365")
                    .join();
            STORES.put(Kind.LOCALHOST_SELF_SIGNED, load(dir.resolve("localhost.p12")));
            STORES.put(Kind.EXPIRED_RDS01, load(dir.resolve("expired.p12")));
            STORES.put(Kind.OTHER_NAME, load(dir.resolve("other.p12")));
            STORES.put(Kind.HOSTILE_NAME, load(dir.resolve("hostile.p12")));
            STORES.put(Kind.NO_NAMES, load(dir.resolve("nonames.p12")));
            STORES.put(Kind.OVERSIZED, load(dir.resolve("oversized.p12")));
            STORES.put(Kind.LOCALHOST_BY_CA, signedByCa(dir));
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf signed by the CA, stored with its key and the chain leaf, CA. */
    private static KeyStore signedByCa(Path dir) throws IOException, GeneralSecurityException {
        KeyStore server = load(dir.resolve("byca.p12"));
        KeyStore ca = load(dir.resolve("ca.p12"));
        Key key = server.getKey("server", PASSWORD);
        Certificate leaf;
        try (InputStream in = Files.newInputStream(dir.resolve("byca.cer"))) {
            leaf = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        server.setKeyEntry(
                "server", key, PASSWORD, new Certificate[] {leaf, ca.getCertificate("server")});
        return server;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static CompletableFuture<Void> keytool(Path dir, String store, String... args) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
        command.addAll(List.of(args));
        command.addAll(
                List.of(
                        "-alias",
                        "server",
                        "-keystore",
                        store,
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        new String(PASSWORD),
                        "-keypass",
                        new String(PASSWORD)));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
        }
        return CompletableFuture.runAsync(() -> run(dir, command));
    }

    private static void run(Path dir, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            process.getOutputStream().close();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
