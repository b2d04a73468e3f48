-- Ferry's store. Every statement must be idempotent and run on both H2 and PostgreSQL.

-- Inputs fully processed: files (key = name + content hash) and queue messages (key = message id).
CREATE TABLE IF NOT EXISTS ferry_processed (
    scope        VARCHAR(200) NOT NULL,
    item_key     VARCHAR(600) NOT NULL,
    processed_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (scope, item_key)
);

-- External id -> vendor id per target, written in the step that decides a record's outcome. vendor_id is NULL when
-- the vendor confirmed the entity exists without giving its id (a duplicate-create answer). payload_hash is the
-- SHA-256 of the last body delivered, kept for change detection. (No semicolons in comments: Store splits on them.)
CREATE TABLE IF NOT EXISTS ferry_id_map (
    target       VARCHAR(100) NOT NULL,
    external_id  VARCHAR(600) NOT NULL,
    vendor_id    VARCHAR(200) NULL,
    payload_hash VARCHAR(64)  NULL,
    updated_at   TIMESTAMP    NULL,
    PRIMARY KEY (target, external_id)
);

-- What can never change of the entity once it exists, as a JSON object by field path: the metadata.source a COR
-- entity was created with, the client_id of a COR contract, a ComplyCube client's type. Filled from the records and
-- the vendor's answers, compared before an update. NULL when nothing is known. (Stores made before this kept a
-- ComplyCube type in entity_kind: Store moves it here at start.)
ALTER TABLE ferry_id_map ADD COLUMN IF NOT EXISTS pinned VARCHAR(1300) NULL;

-- Creates sent whose answer is not recorded yet (create intents), in the row of their entity: intent_at is set from
-- the moment the create is claimed until its answer is recorded. A row whose entity is not known yet has updated_at
-- NULL. An intent left behind means Ferry stopped between sending a create and recording its answer: the vendor may
-- have the entity, so the next attempt updates first and creates only when the vendor does not know it.
-- Several instances on one store: the intent is also a claim. intent_owner names the instance (its instance id, kept
-- in its data directory), intent_at is when it claimed it, by the database's clock. A claim younger than the lease
-- (ferry.store.create-claim-lease) belongs to a create in flight: other instances wait. An older one, or one without
-- owner, was left by a stopped instance and is taken over. (See IdMapStore.claimCreate.)
-- Stores made before this kept intents in a table of their own, ferry_create_intent: Store moves them here at start.
ALTER TABLE ferry_id_map ADD COLUMN IF NOT EXISTS intent_owner VARCHAR(100) NULL;
ALTER TABLE ferry_id_map ADD COLUMN IF NOT EXISTS intent_at TIMESTAMP NULL;
ALTER TABLE ferry_id_map ALTER COLUMN updated_at DROP NOT NULL;

-- Files of a shared inbox being read, one row per file while an instance reads it (FileClaims): the primary key lets
-- one instance claim a file. The owner refreshes heartbeat_at while it works and deletes the row once the file has
-- moved out of the inbox. A row whose heartbeat is older than ferry.inbox.claim-lease was left by a stopped instance
-- and is taken over. Times are the database's clock.
CREATE TABLE IF NOT EXISTS ferry_file_claim (
    scope        VARCHAR(200) NOT NULL,
    file_name    VARCHAR(600) NOT NULL,
    owner        VARCHAR(100) NOT NULL,
    claimed_at   TIMESTAMP    NOT NULL,
    heartbeat_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (scope, file_name)
)
