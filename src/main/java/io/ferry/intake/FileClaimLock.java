package io.ferry.intake;

import io.ferry.store.FileClaims;
import java.io.File;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;

/**
 * The inbox's read lock (the file consumer's exclusiveReadLockStrategy), safe with several instances on one inbox: a
 * file is first claimed in the store ({@link FileClaims}, by inbox folder and file name), then read only once it
 * stopped changing (Camel's "changed" read lock). A file claimed by another live instance is skipped this poll. The
 * claim is released after the file has moved to .done/ or .failed/, or when the exchange rolls back (the file stays and
 * is claimed again). Marker files are off: the claim replaces them, and an instance starting would delete the marker
 * files of the others as orphans.
 */
public final class FileClaimLock implements GenericFileExclusiveReadLockStrategy<File> {

    private final FileClaims claims;
    private final FileChangedExclusiveReadLockStrategy changed = new FileChangedExclusiveReadLockStrategy();

    /**
     * @param minAge        how old (last modified) a file must be before it is read, in milliseconds
     * @param checkInterval how often its size and time are compared while waiting
     * @param timeout       how long to wait for a file to stop changing before trying again at a later poll
     */
    public FileClaimLock(FileClaims claims, long minAge, long checkInterval, long timeout) {
        this.claims = claims;
        changed.setMarkerFiler(false);
        changed.setDeleteOrphanLockFiles(false);
        changed.setMinAge(minAge);
        changed.setCheckInterval(checkInterval);
        changed.setTimeout(timeout);
        // An empty file must not wait for data forever: it is read, and rejected as empty.
        changed.setMinLength(0);
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // Nothing to clean up: claims of stopped instances expire by their lease.
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) throws Exception {
        String scope = scope(file);
        if (!claims.claim(scope, file.getFileName())) {
            return false;
        }
        boolean stable = false;
        try {
            stable = changed.acquireExclusiveReadLock(operations, file, exchange);
            return stable;
        } finally {
            if (!stable) {
                claims.release(scope, file.getFileName());
            }
        }
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) {
        claims.release(scope(file), file.getFileName());
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        claims.release(scope(file), file.getFileName());
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        claims.release(scope(file), file.getFileName());
    }

    @Override
    public void setTimeout(long timeout) {
        changed.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        changed.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        changed.setReadLockLoggingLevel(level);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // Always off, see the class comment.
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // No marker files, no orphans.
    }

    // The inbox folder (a target or a source name): claims are per folder and file name, the same on every instance
    // whatever path the shared folder is mounted at.
    private static String scope(GenericFile<File> file) {
        return "inbox:" + Path.of(file.getAbsoluteFilePath()).getParent().getFileName();
    }
}
