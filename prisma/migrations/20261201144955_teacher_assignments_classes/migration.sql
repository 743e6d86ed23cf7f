-- AlterTable
-- Owner first: the column order db push builds from the schema.
ALTER TABLE "Room" ADD COLUMN "ownerAccountId" TEXT;
ALTER TABLE "Room" ADD COLUMN "classId" TEXT;

-- CreateTable
CREATE TABLE "TeacherClass" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerAccountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "ownerAccountId" TEXT NOT NULL,
    "classId" TEXT,
    "title" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scenarioSlug" TEXT NOT NULL,
    "scenarioVersion" INTEGER NOT NULL,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "attemptsAllowed" INTEGER NOT NULL,
    "showScoresBeforeClose" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Assignment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "TeacherClass" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssignmentAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "playerId" TEXT NOT NULL,
    "nickname" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "runId" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verifyNote" TEXT,
    "score" INTEGER,
    "met" INTEGER,
    "missed" INTEGER,
    "stranded" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    CONSTRAINT "AssignmentAttempt_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TeacherClass_ownerAccountId_createdAt_idx" ON "TeacherClass"("ownerAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_code_key" ON "Assignment"("code");

-- CreateIndex
CREATE INDEX "Assignment_ownerAccountId_createdAt_idx" ON "Assignment"("ownerAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_classId_idx" ON "Assignment"("classId");

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentAttempt_runId_key" ON "AssignmentAttempt"("runId");

-- CreateIndex
CREATE INDEX "AssignmentAttempt_assignmentId_createdAt_idx" ON "AssignmentAttempt"("assignmentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AssignmentAttempt_assignmentId_playerId_number_key" ON "AssignmentAttempt"("assignmentId", "playerId", "number");

-- CreateIndex
CREATE INDEX "Room_ownerAccountId_createdAt_idx" ON "Room"("ownerAccountId", "createdAt");

