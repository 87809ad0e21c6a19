package io.mtc4j.log.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** What the HTTP services of mtc-log (the log server, the witness) share: the graceful stop and the permit release. */
public final class Servers {
    private Servers() {}

    /** How long a graceful stop lets requests in progress finish. */
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    /**
     * A Jetty server with one HTTP/1.1 connector on {@code host:port} serving {@code handler} behind a graceful
     * stop, with a pool sized for {@code maxConcurrentRequests} and no version headers. Not started.
     *
     * @param poolName              the thread pool's name
     * @param maxConcurrentRequests the concurrency limit the handler enforces
     * @param host                  the listen host
     * @param port                  the listen port (0: any free one)
     * @param handler               the handler
     * @return the server; its one connector is {@code getConnectors()[0]}
     */
    public static Server jetty(String poolName, int maxConcurrentRequests, String host, int port, Handler handler) {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, Math.min(200, maxConcurrentRequests + 8)));
        pool.setName(poolName);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false);
        return server;
    }

    /**
     * Stops {@code server} gracefully, logs it, then flushes and closes {@code log}. Idempotent. First the graceful
     * part: the connector stops accepting, a request that arrives on an open connection is refused with 503, and
     * requests in progress finish (at most {@link #STOP_TIMEOUT_MILLIS}); then every connection still open is idle
     * between requests and is closed at once. (Jetty's own graceful stop would also wait for those idle keep-alive
     * connections, closing them only after the connector's shutdown idle timeout, a second per stop.)
     *
     * @param server the server, made by {@link #jetty}
     * @param log    its structured log
     */
    public static void stop(Server server, JsonLog log) {
        try {
            if (!server.isStopped()) {
                finishRequestsInProgress(server, log);
                server.setStopTimeout(0); // nothing left in progress: close the idle connections without waiting
                server.stop();
                log.line("info", "stopped").emit();
            }
        } catch (Exception e) {
            log.line("error", "stop-failed").field("error", e.toString()).emit();
        } finally {
            log.close();
        }
    }

    /** Stops accepting, refuses new requests (503) and waits, bounded, until no request is in progress. */
    private static void finishRequestsInProgress(Server server, JsonLog log) throws InterruptedException {
        if (!server.isStarted() || !(server.getHandler() instanceof GracefulHandler requests)) {
            return;
        }
        // the handler first: from now on a request gets 503, whichever connection it comes on
        CompletableFuture<Void> finished = requests.shutdown();
        for (Connector c : server.getConnectors()) {
            c.shutdown(); // stops accepting; its future waits for the idle connections, which stop() closes
        }
        try {
            finished.get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.line("error", "stop-timeout").field("millis", STOP_TIMEOUT_MILLIS).emit();
        } catch (ExecutionException e) {
            log.line("error", "stop-failed").field("error", e.getCause().toString()).emit();
        }
    }

    /**
     * A callback that gives a concurrency-limit permit back when the response is complete (before the container
     * learns it, so a client may see its answer a moment before the permit is free again).
     *
     * @param callback the response's callback
     * @param permits  the limit
     * @return the wrapping callback
     */
    public static Callback releasing(Callback callback, Semaphore permits) {
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                permits.release();
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                permits.release();
                super.failed(x);
            }
        };
    }
}
