package io.ferry.store;

/**
 * A create was answered with a vendor id, but the id map already maps the external id to another one: the vendor has
 * two entities for it. The id map keeps the first; the record's outcome names both so that an operator can merge them.
 */
public final class VendorIdConflictException extends RuntimeException {

    public VendorIdConflictException(String target, String externalId, String mapped, String created) {
        super(target + " " + externalId + " was created as " + created + " but is already mapped to " + mapped
                + " (created by another instance?): the vendor has both; the id map keeps " + mapped);
    }
}
