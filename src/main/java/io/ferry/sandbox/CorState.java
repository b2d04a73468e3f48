package io.ferry.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything COR holds. Not thread-safe by itself: callers hold this object's monitor, so that
 * check-then-act sequences (duplicate, parent client, rate, insert) are atomic.
 */
final class CorState {

    // Ids start high so a client confusing external and COR ids is caught by tests, not by luck.
    private static final long FIRST_ID = 25_000;

    final Map<MappingKey, CorClient> clients = new HashMap<>();
    final Map<MappingKey, CorContract> contracts = new HashMap<>();
    final Map<RateKey, CorExchangeRate> rates = new HashMap<>();
    private final Map<Long, Integer> contractsPerClient = new HashMap<>();
    private final Set<String> ratePairs = new HashSet<>();
    private long nextId = FIRST_ID;

    long nextId() {
        return nextId++;
    }

    /** True when the external id is mapped under some other source than {@code key}'s. */
    boolean mappedUnderOtherSource(Map<MappingKey, ?> entities, MappingKey key) {
        for (String source : CorSourceList.ALLOWED) {
            if (!source.equals(key.source()) && entities.containsKey(new MappingKey(source, key.externalId()))) {
                return true;
            }
        }
        return false;
    }

    void putContract(CorContract contract) {
        CorContract previous = contracts.put(contract.key(), contract);
        if (previous != null) {
            contractsPerClient.merge(previous.clientId(), -1, Integer::sum);
        }
        contractsPerClient.merge(contract.clientId(), 1, Integer::sum);
    }

    void removeContract(MappingKey key) {
        CorContract removed = contracts.remove(key);
        if (removed != null) {
            contractsPerClient.merge(removed.clientId(), -1, Integer::sum);
        }
    }

    int contractsOf(long clientId) {
        return contractsPerClient.getOrDefault(clientId, 0);
    }

    /** Stores a rate; true when it replaced one for the same pair and day. */
    boolean putRate(CorExchangeRate rate) {
        ratePairs.add(rate.key().foreignCurrency() + ">" + rate.key().baseCurrency());
        return rates.put(rate.key(), rate) != null;
    }

    /** Any rate posted for this currency pair, whatever its day. */
    boolean hasRate(String foreignCurrency, String baseCurrency) {
        return ratePairs.contains(foreignCurrency + ">" + baseCurrency);
    }

    Optional<CorClient> client(MappingKey key) {
        return Optional.ofNullable(clients.get(key));
    }

    void clear() {
        clients.clear();
        contracts.clear();
        rates.clear();
        contractsPerClient.clear();
        ratePairs.clear();
        nextId = FIRST_ID;
    }
}
