package org.depa.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.dashboard.Sessions.byTestId;

import java.util.List;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.payments.chain.EscrowView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Issue 17: the payments page's balances are the chain's: each figure on the page equals what
 * payments' {@link EscrowView} reads from the anvil node directly (the contract's escrow, each
 * payout account of the contract's signed terms, its token balance and its credit in the escrow).
 */
class BalancesTest {
    static Dashboard dashboard;
    static Sessions sessions;

    @BeforeAll
    static void open() throws Exception {
        dashboard = Dashboard.get();
        sessions = new Sessions(dashboard);
    }

    @AfterAll
    static void close() {
        if (sessions != null) {
            sessions.close();
        }
    }

    @Test
    void thePageShowsTheEscrowAndEachPayoutAccountAsTheChainHasThem() throws Exception {
        Browser tdc = sessions.open(Scenario.TDC, "/dashboard/payments?contract=" + Scenario.CONTRACT);
        EscrowView chain = EscrowView.at(dashboard.chain.chain, dashboard.chain.deployment.escrowAddress());
        long escrow = chain.escrow(Scenario.CONTRACT).balanceMinor();
        assertThat(escrow).isPositive();
        assertThat(byTestId(tdc, "balance-escrow").getAttribute("data-minor")).isEqualTo(Long.toString(escrow));
        ContractRecord contract = dashboard
                .scenario
                .connect(dashboard.gateway.base, Scenario.TDC, "ConsumerMSP")
                .evaluate(org.depa.ledger.model.catalogue.Contracts.GET, Scenario.CONTRACT);
        List<String> accounts = contract.terms().datasets().stream()
                .map(DatasetClause::payout)
                .flatMap(p -> java.util.stream.Stream.of(p.tdpAccount(), p.principalsAccount()))
                .distinct()
                .toList();
        assertThat(accounts).hasSize(6);
        long shownTotal = 0;
        for (String account : accounts) {
            WebElement row = byTestId(tdc, "balance-" + account);
            long token = Long.parseLong(row.getAttribute("data-token-minor"));
            assertThat(token).as(account).isEqualTo(chain.tokenBalance(account));
            assertThat(Long.parseLong(row.getAttribute("data-credit-minor")))
                    .as(account)
                    .isEqualTo(chain.credit(account));
            shownTotal += token;
        }
        assertThat(shownTotal).isEqualTo(ScenarioChain.MINTED_TO_FIRST_PAYEE);
        assertThat(Sessions.text(tdc, "balances-chain"))
                .contains(Long.toString(dashboard.chain.node.chainId()))
                .contains(dashboard.chain.deployment.escrowAddress());
        assertThat(tdc.consoleErrors()).isEmpty();
    }
}
