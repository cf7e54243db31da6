-- 0001_orleans: PostgreSQL 15 schema and OrleansQuery statements for the Orleans 10.4.2 ADO.NET
-- providers (Invariant Npgsql): clustering, grain persistence and reminders.
-- Written by this project from the providers' documented contract (query keys and their parameters).
-- Lower-case unquoted names in the default schema; applied once inside a transaction by our runner.

-- Query table read by every provider at start-up: one row per query key.
CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------------

-- One row per deployment; version is the membership table ETag (int32, only ever increased).
CREATE TABLE orleansmembershipversiontable
(
    deploymentid text        NOT NULL PRIMARY KEY,
    timestamp    timestamptz NOT NULL DEFAULT now(),
    version      integer     NOT NULL DEFAULT 0 CHECK (version >= 0)
);

CREATE TABLE orleansmembershiptable
(
    deploymentid text        NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      text        NOT NULL,
    port         integer     NOT NULL,
    generation   integer     NOT NULL,
    siloname     text        NOT NULL,
    hostname     text        NOT NULL,
    status       integer     NOT NULL,
    proxyport    integer     NOT NULL,
    suspecttimes text        NULL,
    starttime    timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- ---------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------

-- A row is identified by all seven identity columns; the unique constraint (NULL extension equal
-- to NULL extension) makes concurrent first writes for the same identity insert only once, and
-- its leading columns serve the lookups.
CREATE TABLE orleansstorage
(
    grainidhash            integer     NOT NULL,
    grainidn0              bigint      NOT NULL,
    grainidn1              bigint      NOT NULL,
    graintypehash          integer     NOT NULL,
    graintypestring        text        NOT NULL,
    grainidextensionstring text        NULL,
    serviceid              text        NOT NULL,
    payloadbinary          bytea       NULL,
    modifiedon             timestamptz NOT NULL DEFAULT now(),
    version                integer     NULL,
    CONSTRAINT orleansstorage_identity_key UNIQUE NULLS NOT DISTINCT
        (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, grainidextensionstring)
);

-- ---------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------

-- grainhash is the uniform hash reinterpreted as signed int32, stored and compared signed.
CREATE TABLE orleansreminderstable
(
    serviceid    text        NOT NULL,
    grainid      text        NOT NULL,
    remindername text        NOT NULL,
    starttime    timestamptz NOT NULL,
    period       bigint      NOT NULL,
    grainhash    integer     NOT NULL,
    version      integer     NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

-- ---------------------------------------------------------------------------------------------
-- Query texts. Each is one statement (no semicolon, no quote characters inside); parameters are
-- @Name placeholders bound by Npgsql. bool keys return one row with one integer column (1/0).
-- ---------------------------------------------------------------------------------------------

-- Clustering -----------------------------------------------------------------------------------

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', '
WITH ins AS (
    INSERT INTO orleansmembershipversiontable (deploymentid, timestamp, version)
    VALUES (@DeploymentId, now(), 0)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS result FROM ins
'),

-- Version row outer-joined with the matching member: exactly one row once the version row exists,
-- with NULL member columns (NULL starttime) when there is no such member.
('MembershipReadRowKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId
'),

-- Version row outer-joined with all members: either one "no member" row or only member rows.
('MembershipReadAllKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId
'),

-- One statement: bump the version only if it equals @Version and the member key is new, then
-- insert the member from that bump. The version-row lock serialises all membership writes of
-- the deployment, so either both happen (1) or nothing changes (0).
('InsertMembershipKey', '
WITH v AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable e
                      WHERE e.deploymentid = @DeploymentId
                        AND e.address = @Address
                        AND e.port = @Port
                        AND e.generation = @Generation)
    RETURNING deploymentid
), m AS (
    INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname,
                                        status, proxyport, suspecttimes, starttime, iamalivetime)
    SELECT v.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM v
    RETURNING 1
)
SELECT count(*)::integer AS result FROM m
'),

-- One statement: lock the member row first (so it cannot vanish in between), bump the version
-- only if it equals @Version and the member exists, then update the member from that bump.
-- Lock order member row, then version row, as in every other statement touching both.
('UpdateMembershipKey', '
WITH e AS (
    SELECT 1 FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
    FOR UPDATE
), v AS (
    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM e)
    RETURNING deploymentid
), m AS (
    UPDATE orleansmembershiptable t
    SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
    FROM v
    WHERE t.deploymentid = v.deploymentid
      AND t.address = @Address
      AND t.port = @Port
      AND t.generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer AS result FROM m
'),

('UpdateIAmAlivetimeKey', '
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
'),

('GatewaysQueryKey', '
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND status = @Status
  AND proxyport > 0
'),

('DeleteMembershipTableEntriesKey', '
WITH m AS (
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
)
DELETE FROM orleansmembershipversiontable
WHERE deploymentid = @DeploymentId
'),

('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
  AND iamalivetime < @IAmAliveTime
  AND status <> 3
');

-- Grain persistence ----------------------------------------------------------------------------

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payloadbinary, version
FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
'),

-- Non-NULL @GrainStateVersion: replace payload and bump the version only if it matches.
-- NULL @GrainStateVersion: insert version 1 only if no row exists for the identity.
-- Returns the new version as NewGrainStateVersion, or no row on a conflict.
('WriteToStorageKey', '
WITH upd AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND serviceid = @ServiceId
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
), ins AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS newgrainstateversion FROM upd
UNION ALL
SELECT version AS newgrainstateversion FROM ins
'),

-- Keeps the row with a NULL payload; returns the new version (first column) or no row.
('ClearStorageKey', '
UPDATE orleansstorage
SET payloadbinary = NULL, modifiedon = now(), version = version + 1
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version
'),

-- Removes the row; returns old version + 1 (first column) or no row.
('DeleteStorageKey', '
DELETE FROM orleansstorage
WHERE grainidhash = @GrainIdHash
  AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0
  AND grainidn1 = @GrainIdN1
  AND serviceid = @ServiceId
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1 AS version
');

-- Reminders ------------------------------------------------------------------------------------

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', '
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId
'),

('ReadReminderRowKey', '
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainid = @GrainId
  AND remindername = @ReminderName
'),

-- Used when BeginHash < EndHash: BeginHash < GrainHash <= EndHash.
('ReadRangeRows1Key', '
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND grainhash > @BeginHash
  AND grainhash <= @EndHash
'),

-- Wrapped range or equal bounds (whole ring): GrainHash > BeginHash or GrainHash <= EndHash.
('ReadRangeRows2Key', '
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId
  AND (grainhash > @BeginHash OR grainhash <= @EndHash)
'),

-- Insert with version 0 or overwrite and bump, atomically; returns the new version.
('UpsertReminderRowKey', '
INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = r.version + 1
RETURNING version
'),

('DeleteReminderRowKey', '
WITH d AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainid = @GrainId
      AND remindername = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS result FROM d
'),

('DeleteReminderRowsKey', '
DELETE FROM orleansreminderstable
WHERE serviceid = @ServiceId
');
