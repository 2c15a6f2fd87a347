package org.rdpdoctor.probe;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

/**
 * An RDP listener of our own on 127.0.0.1 (any free port) that answers X.224 Connection Requests
 * the way a server with the given setting would, and serves TLS after a Connection Confirm that
 * selects it. Every connection and every Connection Request counts, so tests can check the probes'
 * budget and which connections carried a request.
 */
public final class FakeRdpServer implements AutoCloseable {
    private static final int SSL = 0x1;
    private static final int HYBRID = 0x2;
    private static final int HYBRID_EX = 0x8;
    private static final byte[] NO_NEGOTIATION = {3, 0, 0, 11, 6, (byte) 0xD0, 0, 0, 0x12, 0x34, 0};

    /**
     * An X.224 Disconnect Request (code 0x80) in a TPKT: the connection turned away, for reason 2
     * (session entity not attached to the TSAP).
     */
    private static final byte[] DISCONNECT_REQUEST = {3, 0, 0, 11, 6, (byte) 0x80, 0, 0, 0, 0, 2};

    /** A Disconnect Request cut short before its reason byte: LI 5, in a 10-byte TPKT. */
    private static final byte[] DISCONNECT_REQUEST_WITHOUT_REASON = {
        3, 0, 0, 10, 5, (byte) 0x80, 0, 0, 0, 0
    };

    /** A TLS 1.0 record with the fatal alert 70, protocol_version. */
    private static final byte[] PROTOCOL_VERSION_ALERT = {0x15, 3, 1, 0, 2, 2, 70};

    private static final byte[] SERVER_HELLO_START = {
        0x16, 3, 3, 0, (byte) 200, 2, 0, 0, (byte) 196, 3, 3, 0, 0, 0, 0, 0
    };

    /** How the server is set up. */
    public enum Behaviour {
        /** NLA required: CredSSP when asked for, else HYBRID_REQUIRED_BY_SERVER. */
        REQUIRES_NLA,
        /** NLA required, with HYBRID_EX when asked for. */
        REQUIRES_NLA_WITH_EARLY_AUTH,
        /** Negotiate, NLA not required: CredSSP, else TLS, else Standard RDP Security. */
        NLA_OPTIONAL,
        /** TLS only, no CredSSP: TLS when asked for, else SSL_REQUIRED_BY_SERVER. */
        TLS_ONLY,
        /** Standard RDP Security only, as the spec says: SSL_NOT_ALLOWED_BY_SERVER for TLS. */
        RDP_ONLY,
        /** No usable certificate: SSL_CERT_NOT_ON_SERVER for TLS, RDP otherwise. */
        CERT_NOT_ON_SERVER,
        /** Refuses every request with failure code 7, which MS-RDPBCGR does not define. */
        UNDEFINED_FAILURE,
        /** Selects RDSTLS (0x4), which no request of the probe offers, whatever is requested. */
        SELECTS_RDSTLS,
        /** Turns every Connection Request away with an X.224 Disconnect Request, reason 2. */
        DISCONNECTS,
        /** Answers every Connection Request with a Disconnect Request that lacks its reason. */
        DISCONNECTS_WITHOUT_REASON,
        /**
         * Hosts set up differently behind one address: CredSSP for the request current clients send
         * (0xB), Standard RDP Security for every other, CredSSP offered or not.
         */
        FARM_SET_UP_DIFFERENTLY,
        /** Too old to negotiate: an 11-byte Connection Confirm without rdpNegData. */
        NO_NEGOTIATION,
        /** Accepts and closes at once. */
        ACCEPT_THEN_CLOSE,
        /** Accepts and never answers. */
        HANG,
        /** TLS only, but each Connection Confirm is sent one byte a second. */
        DRIP,
        /** The first 5 bytes of a Connection Confirm, then silence. */
        PART_THEN_SILENCE,
        /** The first 5 bytes of a Connection Confirm, then a close (FIN). */
        PART_THEN_CLOSE,
        /** The first 5 bytes of a Connection Confirm, then a reset (RST). */
        PART_THEN_RESET,
        /** TLS only, but after selecting it sends the start of a TLS record one byte a second. */
        TLS_DRIP,
        /**
         * TLS only, but TLS 1.1 or older: it answers a ClientHello of TLS 1.2 and 1.3 with an
         * alert.
         */
        OLD_TLS_ONLY,
        /** TLS only, and TLS requires a client certificate. */
        TLS_WITH_CLIENT_CERTIFICATE,
        /** TLS only, and TLS asks for a client certificate but takes a client without one. */
        TLS_ASKING_FOR_CLIENT_CERTIFICATE,
        /** A web server on the port: answers with an HTTP error. */
        GARBAGE,
        /** Plain HTTPS, as an RD Gateway: TLS right away. */
        HTTPS
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final SSLContext tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<Integer> requests = new CopyOnWriteArrayList<>();

    private FakeRdpServer(Behaviour behaviour, SSLContext tls) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.tls = tls;
        Thread acceptor = new Thread(this::accept, "fake-rdp-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server without TLS. */
    public static FakeRdpServer start(Behaviour behaviour) throws IOException {
        return new FakeRdpServer(behaviour, null);
    }

    /** A server that presents the certificate after selecting TLS or CredSSP. */
    public static FakeRdpServer start(Behaviour behaviour, TestCertificates.Kind certificate)
            throws IOException {
        return new FakeRdpServer(behaviour, TestCertificates.serverContext(certificate));
    }

    /** A loopback port where nothing listens: connects are refused. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /**
     * The requested protocols of the Connection Requests received, in order; -1 for one without
     * negotiation data. A connection carries at most one: the server reads no further request.
     */
    public List<Integer> requests() {
        return List.copyOf(requests);
    }

    /** The SNI host names TLS clients sent; none for a handshake without SNI. */
    public List<String> serverNames() {
        return List.copyOf(serverNames);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread handler = new Thread(() -> handle(socket), "fake-rdp-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            switch (behaviour) {
                case ACCEPT_THEN_CLOSE -> {}
                case HANG -> drain(socket.getInputStream());
                case GARBAGE -> {
                    socket.getInputStream().read(new byte[64]);
                    socket.getOutputStream()
                            .write(
                                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                }
                case HTTPS -> serveTls(socket);
                default -> negotiate(socket);
            }
        } catch (IOException e) {
            // The probe closed its side; that ends the conversation.
        } finally {
            open.remove(socket);
        }
    }

    private void negotiate(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[4];
        in.readFully(header);
        byte[] request = new byte[((header[2] & 0xFF) << 8 | (header[3] & 0xFF)) - 4];
        in.readFully(request);
        boolean hasNegotiation = request.length >= 15 && request[7] == 1;
        int requested = hasNegotiation ? (request[11] & 0xFF) | (request[12] & 0xFF) << 8 : -1;
        requests.add(requested);
        byte[] confirm = hasNegotiation ? confirm(requested) : NO_NEGOTIATION;
        OutputStream out = socket.getOutputStream();
        switch (behaviour) {
            case DRIP -> drip(out, confirm);
            case PART_THEN_SILENCE, PART_THEN_CLOSE, PART_THEN_RESET -> out.write(confirm, 0, 5);
            default -> out.write(confirm);
        }
        out.flush();
        if (behaviour == Behaviour.PART_THEN_CLOSE || behaviour == Behaviour.PART_THEN_RESET) {
            // Closed with a linger time of 0, the socket sends a reset instead of a FIN.
            socket.setSoLinger(behaviour == Behaviour.PART_THEN_RESET, 0);
            return;
        }
        boolean startsTls = confirm.length == 19 && confirm[11] == 2 && confirm[15] != 0;
        if (startsTls && behaviour == Behaviour.TLS_DRIP) {
            drip(out, SERVER_HELLO_START);
        } else if (startsTls && behaviour == Behaviour.OLD_TLS_ONLY) {
            in.read(new byte[4096]);
            out.write(PROTOCOL_VERSION_ALERT);
        } else if (startsTls && tls != null) {
            serveTls(socket);
        } else {
            drain(in);
        }
    }

    private byte[] confirm(int requested) {
        return switch (behaviour) {
            case REQUIRES_NLA -> (requested & HYBRID) != 0 ? selected(HYBRID, 0x1f) : failure(5);
            case REQUIRES_NLA_WITH_EARLY_AUTH ->
                    (requested & HYBRID_EX) != 0
                            ? selected(HYBRID_EX, 0x1f)
                            : (requested & HYBRID) != 0 ? selected(HYBRID, 0x1f) : failure(5);
            case NLA_OPTIONAL ->
                    (requested & HYBRID) != 0
                            ? selected(HYBRID, 0x1f)
                            : (requested & SSL) != 0 ? selected(SSL, 0x1f) : selected(0, 0x1f);
            case TLS_ONLY,
                    DRIP,
                    PART_THEN_SILENCE,
                    PART_THEN_CLOSE,
                    PART_THEN_RESET,
                    TLS_DRIP,
                    TLS_WITH_CLIENT_CERTIFICATE,
                    TLS_ASKING_FOR_CLIENT_CERTIFICATE,
                    OLD_TLS_ONLY ->
                    (requested & SSL) != 0 ? selected(SSL, 0x1) : failure(1);
            case RDP_ONLY -> requested == 0 ? selected(0, 0x1) : failure(2);
            case CERT_NOT_ON_SERVER -> requested == 0 ? selected(0, 0x1) : failure(3);
            case UNDEFINED_FAILURE -> failure(7);
            case SELECTS_RDSTLS -> selected(0x4, 0x1);
            case NO_NEGOTIATION -> NO_NEGOTIATION;
            case DISCONNECTS -> DISCONNECT_REQUEST;
            case DISCONNECTS_WITHOUT_REASON -> DISCONNECT_REQUEST_WITHOUT_REASON;
            case FARM_SET_UP_DIFFERENTLY ->
                    requested == (SSL | HYBRID | HYBRID_EX)
                            ? selected(HYBRID, 0x1f)
                            : selected(0, 0x1);
            default -> throw new IllegalStateException(behaviour + " does not negotiate");
        };
    }

    private void serveTls(Socket socket) throws IOException {
        if (tls == null) {
            drain(socket.getInputStream());
            return;
        }
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, null, true);
        secure.setUseClientMode(false);
        if (behaviour == Behaviour.TLS_WITH_CLIENT_CERTIFICATE) {
            secure.setNeedClientAuth(true);
        } else {
            secure.setWantClientAuth(behaviour == Behaviour.TLS_ASKING_FOR_CLIENT_CERTIFICATE);
        }
        SSLParameters parameters = secure.getSSLParameters();
        // Called while the ClientHello is read, so before the probe's handshake can finish.
        parameters.setSNIMatchers(
                List.of(
                        new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                            @Override
                            public boolean matches(SNIServerName name) {
                                serverNames.add(new SNIHostName(name.getEncoded()).getAsciiName());
                                return true;
                            }
                        }));
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        drain(secure.getInputStream());
    }

    private static void drip(OutputStream out, byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads until the probe closes the connection. */
    private static void drain(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // The probe sends nothing more that matters here.
            }
        } catch (EOFException | SocketException e) {
            // Closed by the probe or by close().
        }
    }

    private static byte[] selected(int protocol, int flags) {
        return negotiation(2, flags, protocol);
    }

    private static byte[] failure(int code) {
        return negotiation(3, 0, code);
    }

    private static byte[] negotiation(int type, int flags, int value) {
        return new byte[] {
            3,
            0,
            0,
            19,
            14,
            (byte) 0xD0,
            0,
            0,
            0x12,
            0x34,
            0,
            (byte) type,
            (byte) flags,
            8,
            0,
            (byte) value,
            0,
            0,
            0
        };
    }
}
