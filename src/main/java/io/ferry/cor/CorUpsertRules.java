package io.ferry.cor;

import io.ferry.delivery.RecordFields;
import io.ferry.delivery.UpsertRules;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;
import io.ferry.record.Record;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COR's upsert hints (api-reference.md §1.6): DuplicateExternalIdError on a create means "update instead"; ZC001 or
 * the entity's NotFoundError on an update means "create instead". For contracts, ClientNotFoundError means the client
 * is not synced yet and CTR006 that the currency has no exchange rate: both park the record.
 */
public final class CorUpsertRules implements UpsertRules {

    public static final String DUPLICATE = "DuplicateExternalIdError";
    public static final String NOT_ASSOCIATED = "ZC001";
    public static final String CLIENT_NOT_FOUND = "ClientNotFoundError";
    public static final String CONTRACT_NOT_FOUND = "ContractNotFoundError";
    public static final String NO_EXCHANGE_RATE = "CTR006";

    private static final Pattern QUOTED_ID = Pattern.compile("'([^']+)'");
    private static final Pattern RATE_CURRENCY = Pattern.compile("for ([A-Za-z]{3}) to");

    private final CorErrors errors = new CorErrors();
    private final Set<String> notFound;
    private final boolean contracts;

    private CorUpsertRules(Set<String> notFound, boolean contracts) {
        this.notFound = notFound;
        this.contracts = contracts;
    }

    public static CorUpsertRules clients() {
        return new CorUpsertRules(Set.of(NOT_ASSOCIATED, CLIENT_NOT_FOUND), false);
    }

    public static CorUpsertRules contracts() {
        return new CorUpsertRules(Set.of(NOT_ASSOCIATED, CONTRACT_NOT_FOUND), true);
    }

    @Override
    public VendorErrorParser errors() {
        return errors;
    }

    @Override
    public boolean isDuplicate(VendorError error) {
        return error.is(DUPLICATE);
    }

    @Override
    public boolean isNotFound(VendorError error) {
        return notFound.stream().anyMatch(error::is);
    }

    @Override
    public String awaiting(VendorError error, Record record) {
        if (!contracts) {
            return null;
        }
        RecordFields fields = new RecordFields(record.fields());
        if (error.is(CLIENT_NOT_FOUND)) {
            String client = fields.optionalText(CorContractMapper.CLIENT_ID);
            return "cor-client:" + (client != null ? client : find(QUOTED_ID, error.message()));
        }
        if (error.is(NO_EXCHANGE_RATE)) {
            String currency = fields.optionalText(CorContractMapper.CURRENCY);
            return "fx:" + (currency != null ? currency : find(RATE_CURRENCY, error.message())).toUpperCase(Locale.ROOT);
        }
        return null;
    }

    private static String find(Pattern pattern, String message) {
        Matcher m = pattern.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "unknown";
    }
}
