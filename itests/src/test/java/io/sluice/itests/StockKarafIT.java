package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The sluice feature installed into a stock Apache Karaf, as an integration team would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        List<Option> options = KarafOptions.distribution(KarafOptions.stockKaraf(), "Apache Karaf");
        options.add(features(maven().groupId("io.sluice").artifactId("sluice-features")
                .classifier("features").type("xml").versionAsInProject(), "sluice", "sluice-tls-openssl"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void theFeatureInstalledIntoStockKarafCarriesData() throws Exception {
        try (Backend backend = new Backend("K")) {
            Tunnels.write("stock", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            int port = Tunnels.port(new Tunnels(admin).awaitState("stock", TunnelState.RUNNING));
            try (Clients.Line line = Clients.tls(port, Tunnels.etc().resolve("sluice.crt"))) {
                assertEquals("K:in a stock Karaf", line.ask("in a stock Karaf"));
            }
            assertEquals("K:and for openssl", Clients.opensslLine(port, Tunnels.etc().resolve("sluice.crt"), "and for openssl"));
        } finally {
            Tunnels.delete("stock");
        }
    }
}
