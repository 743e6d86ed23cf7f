-- AlterTable
ALTER TABLE "Scenario" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "hiddenAt" TIMESTAMP(3),
ADD COLUMN     "hiddenReason" TEXT,
ADD COLUMN     "ownerAccountId" TEXT,
ADD COLUMN     "searchText" TEXT;

-- CreateTable
CREATE TABLE "ScenarioReport" (
    "id" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScenarioReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScenarioReport_scenarioId_createdAt_idx" ON "ScenarioReport"("scenarioId", "createdAt");

-- CreateIndex
CREATE INDEX "Scenario_ownerAccountId_idx" ON "Scenario"("ownerAccountId");

-- CreateIndex
CREATE INDEX "Scenario_kind_visibility_hiddenAt_deletedAt_idx" ON "Scenario"("kind", "visibility", "hiddenAt", "deletedAt");

-- AddForeignKey
ALTER TABLE "ScenarioReport" ADD CONSTRAINT "ScenarioReport_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario"("id") ON DELETE CASCADE ON UPDATE CASCADE;

