package io.sluice.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /metrics (Prometheus text) and GET /health on the JDK's HTTP server, one thread. Off unless
 * etc/io.sluice.metrics.cfg exists; a non-loopback address needs {@code allowRemote = true}.
 */
@Component(immediate = true, configurationPid = MetricsComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MetricsComponent.Config.class)
public final class MetricsComponent {

    static final String PID = "io.sluice.metrics";

    @ObjectClassDefinition(name = "Sluice metrics", description = "Prometheus endpoint /metrics and /health")
    public @interface Config {
        @AttributeDefinition(description = "HOST:PORT to serve on, e.g. 127.0.0.1:9100 (port 0: any free one)")
        String address();

        @AttributeDefinition(required = false, description = "Allow an address other hosts can reach")
        boolean allowRemote() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Reference
    private TunnelAdmin tunnels;

    private HttpServer server;
    private ExecutorService executor;

    @Activate
    void activate(Config config) {
        InetSocketAddress address;
        try {
            address = ListenAddress.parse(config.address(), config.allowRemote());
        } catch (IllegalArgumentException e) {
            LOG.error("Metrics: {}: {}; the endpoint is off", PID, e.getMessage());
            return;
        }
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            LOG.error("Metrics: {}: address = {}: cannot listen: {}; the endpoint is off", PID, config.address(),
                    e.getMessage());
            return;
        }
        executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> answer(exchange, () -> new Answer(200,
                PrometheusText.render(all(), System.currentTimeMillis()))));
        server.createContext("/health", exchange -> answer(exchange, () -> {
            Health health = Health.of(tunnels.tunnels());
            return new Answer(health.status, health.body);
        }));
        server.start();
        InetSocketAddress bound = server.getAddress();
        LOG.info("Metrics on http://{}:{}/metrics and /health", bound.getAddress().getHostAddress(), bound.getPort());
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private List<Tunnel> all() {
        return tunnels.tunnels().stream().map(TunnelStatus::name).map(tunnels::find)
                .flatMap(Optional::stream).toList();
    }

    private record Answer(int status, String body) {
    }

    private interface Body {
        Answer get();
    }

    private static void answer(HttpExchange exchange, Body body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Answer answer = body.get();
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", TEXT);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(answer.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
