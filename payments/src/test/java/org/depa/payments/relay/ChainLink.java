package org.depa.payments.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP link to a node that a test cuts and restores: while cut, nothing listens on its
 * port (connections are refused, open ones are closed), as when the chain's node is down or
 * unreachable; restored, it forwards to the same node on the same port, whose state never changed.
 */
final class ChainLink implements AutoCloseable {
    private final int target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    ChainLink(String targetUrl) throws IOException {
        this.target = java.net.URI.create(targetUrl).getPort();
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        restore();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread t = new Thread(() -> accept(s), "chain-link-accept");
        t.setDaemon(true);
        t.start();
    }

    synchronized void cut() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            quietly(s);
        }
        for (Socket c : open) {
            quietly(c);
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(node);
                if (server != s) {
                    // Cut while this connection was being accepted (cut() had already closed the
                    // open ones): without this it outlived the cut and the relay kept its chain.
                    quietly(client);
                    quietly(node);
                    continue;
                }
                pipe(client, node);
                pipe(node, client);
            } catch (IOException e) {
                // closed by cut(), or the node refused: the client sees its connection end
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // cut, or the other side closed
                    } finally {
                        quietly(from);
                        quietly(to);
                    }
                },
                "chain-link-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
