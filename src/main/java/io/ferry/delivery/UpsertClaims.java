package io.ferry.delivery;

import io.ferry.store.CreateInProgressException;
import io.ferry.store.IdMapStore;
import java.time.Duration;

/**
 * The create intents (claims) of one target's records in the id map: taken before the first request that may create
 * an entity, renewed when taken ahead long ago, given back when nothing will be created. See {@link Upsert} for why a
 * create is announced before it is sent.
 */
final class UpsertClaims {

    private final String target;
    private final IdMapStore idMap;

    UpsertClaims(String target, IdMapStore idMap) {
        this.target = target;
        this.idMap = idMap;
    }

    /**
     * Claims the record's create, unless it holds the claim already. Throws CreateInProgressException when another
     * instance is creating the entity.
     */
    IdMapStore.Claim claim(Upsert.State state) {
        if (state.claimed) {
            keepClaimedAhead(state);
            return IdMapStore.Claim.NEW;
        }
        IdMapStore.Claim claim = idMap.claimCreate(target, state.record.externalId());
        state.claimed = true;
        return claim;
    }

    /** A record claimed ahead that will not be created gives its claim back. */
    void releaseClaimTakenAhead(Upsert.State state) {
        if (state.claimedAheadAt != 0) {
            idMap.dropIntent(target, state.record.externalId());
            state.claimed = false;
            state.claimedAheadAt = 0;
        }
    }

    /**
     * A claim taken ahead may have waited in a delivery lane: older than half the lease, it is renewed before a
     * request goes out on it. Lost meanwhile (taken over by another instance), the record starts again.
     */
    void keepClaimedAhead(Upsert.State state) {
        if (state.claimedAheadAt == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - state.claimedAheadAt < idMap.lease().toNanos() / 2) {
            return;
        }
        if (idMap.renewClaim(target, state.record.externalId())) {
            state.claimedAheadAt = now;
            return;
        }
        state.claimed = false;
        state.claimedAheadAt = 0;
        throw new CreateInProgressException(target, state.record.externalId(), "another instance", Duration.ZERO);
    }

    /** Drops the record's create intent: no create of it is under way any more. */
    void drop(Upsert.State state) {
        idMap.dropIntent(target, state.record.externalId());
    }
}
