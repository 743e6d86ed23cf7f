-- CreateTable
CREATE TABLE "Player" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "nickname" TEXT NOT NULL,
    "campaignScore" INTEGER NOT NULL DEFAULT 0,
    "campaignStars" INTEGER NOT NULL DEFAULT 0,
    "campaignAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Scenario" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "authorId" TEXT,
    "version" INTEGER NOT NULL,
    "json" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "campaignOrder" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Scenario_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Player" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScenarioVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scenarioId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "json" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScenarioVersion_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Room" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "hostTokenHash" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scenarioVersion" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Room_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roomId" TEXT NOT NULL,
    "playerId" TEXT NOT NULL,
    "nickname" TEXT NOT NULL,
    "seatKey" TEXT NOT NULL,
    "seat" INTEGER NOT NULL,
    "kicked" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Participant_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Participant_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoomCheckpoint" (
    "roomId" TEXT NOT NULL PRIMARY KEY,
    "round" INTEGER NOT NULL,
    "tick" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "logs" TEXT NOT NULL,
    "extra" TEXT NOT NULL DEFAULT '{}',
    "savedAt" DATETIME NOT NULL,
    CONSTRAINT "RoomCheckpoint_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "playerId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scenarioVersion" INTEGER NOT NULL,
    "roomId" TEXT,
    "nickname" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "bot" TEXT NOT NULL,
    "actions" TEXT NOT NULL,
    "finalHash" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "metrics" TEXT NOT NULL,
    "met" INTEGER NOT NULL,
    "missed" INTEGER NOT NULL,
    "stranded" INTEGER NOT NULL,
    "stars" INTEGER,
    "verified" BOOLEAN NOT NULL,
    "verifyNote" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Run_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Run_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BestRun" (
    "scenarioId" TEXT NOT NULL,
    "scenarioVersion" INTEGER NOT NULL,
    "playerId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "finishedAt" DATETIME NOT NULL,

    PRIMARY KEY ("scenarioId", "scenarioVersion", "playerId"),
    CONSTRAINT "BestRun_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BestRun_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Progress" (
    "playerId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "bestScore" INTEGER NOT NULL,
    "stars" INTEGER NOT NULL,
    "runId" TEXT NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("playerId", "scenarioId"),
    CONSTRAINT "Progress_playerId_fkey" FOREIGN KEY ("playerId") REFERENCES "Player" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Progress_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Player_tokenHash_key" ON "Player"("tokenHash");

-- CreateIndex
CREATE INDEX "Player_campaignScore_campaignAt_idx" ON "Player"("campaignScore", "campaignAt");

-- CreateIndex
CREATE UNIQUE INDEX "Scenario_slug_key" ON "Scenario"("slug");

-- CreateIndex
CREATE INDEX "Scenario_kind_campaignOrder_idx" ON "Scenario"("kind", "campaignOrder");

-- CreateIndex
CREATE INDEX "Scenario_visibility_kind_idx" ON "Scenario"("visibility", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioVersion_scenarioId_version_key" ON "ScenarioVersion"("scenarioId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Room_code_key" ON "Room"("code");

-- CreateIndex
CREATE INDEX "Room_state_updatedAt_idx" ON "Room"("state", "updatedAt");

-- CreateIndex
CREATE INDEX "Participant_playerId_idx" ON "Participant"("playerId");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_roomId_seatKey_key" ON "Participant"("roomId", "seatKey");

-- CreateIndex
CREATE INDEX "Run_scenarioId_verified_score_idx" ON "Run"("scenarioId", "verified", "score");

-- CreateIndex
CREATE INDEX "Run_roomId_verified_idx" ON "Run"("roomId", "verified");

-- CreateIndex
CREATE INDEX "Run_playerId_finishedAt_idx" ON "Run"("playerId", "finishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "BestRun_runId_key" ON "BestRun"("runId");

-- CreateIndex
CREATE INDEX "BestRun_scenarioId_scenarioVersion_score_finishedAt_idx" ON "BestRun"("scenarioId", "scenarioVersion", "score", "finishedAt");

