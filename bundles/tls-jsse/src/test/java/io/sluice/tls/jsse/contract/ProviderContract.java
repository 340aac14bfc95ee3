package io.sluice.tls.jsse.contract;

/**
 * The behaviour every Sluice TLS provider owes its tunnels, as abstract JUnit classes: each
 * provider bundle extends them, passing its {@link ProviderUnderTest}.
 */
public abstract class ProviderContract {

    protected final ProviderUnderTest under;

    protected ProviderContract(ProviderUnderTest under) {
        this.under = under;
    }

    protected Settings client() {
        return Settings.client(under.provider());
    }

    protected Settings server() {
        return Settings.server(under.provider());
    }
}
