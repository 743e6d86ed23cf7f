-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN "deletedAt" DATETIME;
ALTER TABLE "Scenario" ADD COLUMN "hiddenAt" DATETIME;
ALTER TABLE "Scenario" ADD COLUMN "hiddenReason" TEXT;
ALTER TABLE "Scenario" ADD COLUMN "ownerAccountId" TEXT;
ALTER TABLE "Scenario" ADD COLUMN "searchText" TEXT;

-- CreateTable
CREATE TABLE "ScenarioReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scenarioId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScenarioReport_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScenarioReport_scenarioId_createdAt_idx" ON "ScenarioReport"("scenarioId", "createdAt");

-- CreateIndex
CREATE INDEX "Scenario_ownerAccountId_idx" ON "Scenario"("ownerAccountId");

-- CreateIndex
CREATE INDEX "Scenario_kind_visibility_hiddenAt_deletedAt_idx" ON "Scenario"("kind", "visibility", "hiddenAt", "deletedAt");

