package cn.fazhi.pulse.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds a free TCP port on the loopback interface.
 *
 * <p>Kafka cannot be told "port 0" for its controller: the quorum voter list and the advertised
 * listener both need the real number before the server starts. So we ask the operating system for
 * a free port, release it, and hand the number to the server. Another process could take it in
 * between; on a developer machine that is rare enough, and the server then fails loudly.
 */
final class FreePorts {

    private FreePorts() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedRuntimeException("no free TCP port on the loopback interface", e);
        }
    }

    /** A free port that is not {@code taken}, for a second listener of the same server. */
    static int pickOtherThan(int taken) {
        int port = pick();
        while (port == taken) {
            port = pick();
        }
        return port;
    }

    /** Fails fast, naming the port, if something already listens on it. */
    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new EmbeddedRuntimeException(what + " " + port + " is already in use on localhost", e);
        }
    }

    static int requireValid(int port, String what) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " must be 0 (any free port) or 1..65535, was " + port);
        }
        return port;
    }
}
