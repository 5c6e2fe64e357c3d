package org.depa.gateway.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.depa.gateway.config.GatewayConfig;

/**
 * Where the payment chain is, as configured: the explicit {@code depa.gateway.payment-chain.*} keys,
 * else the properties file the chain's deployer wrote ({@code rpcUrl}, {@code chainId},
 * {@code escrow}), read each time (it appears once the chain is deployed).
 */
public record PaymentChainSettings(String rpcUrl, long chainId, String escrow) {
    /** No payment chain is configured, or its file is missing or incomplete: the message says which. */
    public static final class NotConfigured extends Exception {
        private static final long serialVersionUID = 1L;

        NotConfigured(String message) {
            super(message);
        }
    }

    public static PaymentChainSettings of(GatewayConfig.PaymentChain c) throws NotConfigured {
        if (c.rpcUrl().isPresent() || c.chainId().isPresent() || c.escrow().isPresent()) {
            if (c.rpcUrl().isEmpty() || c.chainId().isEmpty() || c.escrow().isEmpty()) {
                throw new NotConfigured("the payment chain is configured only in part"
                        + " (depa.gateway.payment-chain.rpc-url, chain-id and escrow go together)");
            }
            return new PaymentChainSettings(
                    c.rpcUrl().get(), c.chainId().get(), c.escrow().get());
        }
        Optional<Path> file = c.file();
        if (file.isEmpty()) {
            throw new NotConfigured("no payment chain is configured for this gateway (depa.gateway.payment-chain)");
        }
        if (!Files.isRegularFile(file.get())) {
            throw new NotConfigured(
                    "the payment chain is not deployed yet (no " + file.get().getFileName() + ")");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file.get())) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotConfigured("the payment chain's settings file cannot be read");
        }
        String url = p.getProperty("rpcUrl");
        String id = p.getProperty("chainId");
        String escrow = p.getProperty("escrow");
        if (url == null || id == null || escrow == null || !id.matches("[0-9]{1,18}")) {
            throw new NotConfigured("the payment chain's settings file lacks rpcUrl, chainId (a number) or escrow");
        }
        return new PaymentChainSettings(url, Long.parseLong(id), escrow);
    }
}
