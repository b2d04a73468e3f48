package io.ferry.cor;

import static io.ferry.cor.CorRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.delivery.VendorError;
import io.ferry.record.Targets;
import org.junit.jupiter.api.Test;

class CorUpsertRulesTest {

    private final CorErrors errors = new CorErrors();

    private VendorError error(int status, String name, String code, String message) {
        return errors.parse(status, "{\"status\":" + status + ",\"name\":\"" + name + "\",\"code\":\"" + code
                + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void duplicateAndNotFoundFollowCorsUpsertHints() {
        VendorError duplicate = error(400, "DuplicateExternalIdError", "DuplicateExternalIdError", "exists");
        VendorError zc001 = error(404, "CORCustomError", "ZC001", "Entity is not associated");
        VendorError clientNotFound = error(404, "ClientNotFoundError", "ClientNotFoundError", "Client 'C1' not found");
        VendorError contractNotFound = error(404, "ContractNotFoundError", "ContractNotFoundError", "gone");
        CorUpsertRules clients = CorUpsertRules.clients();
        CorUpsertRules contracts = CorUpsertRules.contracts();
        assertThat(clients.isDuplicate(duplicate)).isTrue();
        assertThat(clients.isNotFound(zc001)).isTrue();
        assertThat(clients.isNotFound(clientNotFound)).isTrue();
        assertThat(contracts.isNotFound(zc001)).isTrue();
        assertThat(contracts.isNotFound(contractNotFound)).isTrue();
        // For a contract, a missing client is something to wait for, not a reason to create the contract.
        assertThat(contracts.isNotFound(clientNotFound)).isFalse();
        assertThat(clients.awaiting(clientNotFound, record(Targets.COR_CLIENTS, "{'id':'C1'}"))).isNull();
    }

    @Test
    void contractsAwaitTheirClientOrTheirCurrencysRate() {
        CorUpsertRules contracts = CorUpsertRules.contracts();
        VendorError clientNotFound = error(404, "ClientNotFoundError", "ClientNotFoundError",
                "Client with external id 'SF-9' not found");
        VendorError ctr006 = error(400, "CORCustomError", "CTR006",
                "Cannot save contract. Exchange rate not found for GBP to USD. Please sync exchange rates first.");
        assertThat(contracts.awaiting(clientNotFound, record(Targets.COR_CONTRACTS, "{'id':'K','client_id':'SF-1'}")))
                .isEqualTo("cor-client:SF-1");
        assertThat(contracts.awaiting(ctr006, record(Targets.COR_CONTRACTS, "{'id':'K','currency':'eur'}")))
                .isEqualTo("fx:EUR");
        // An update-only record may carry neither: the key comes from COR's message.
        assertThat(contracts.awaiting(clientNotFound, record(Targets.COR_CONTRACTS, "{'id':'K'}")))
                .isEqualTo("cor-client:SF-9");
        assertThat(contracts.awaiting(ctr006, record(Targets.COR_CONTRACTS, "{'id':'K'}"))).isEqualTo("fx:GBP");
    }
}
