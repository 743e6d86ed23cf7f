-- CreateTable
CREATE TABLE "ArenaSubmission" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "code" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "bot" TEXT,
    "addressHash" TEXT NOT NULL,
    "suiteVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "setsDone" INTEGER NOT NULL DEFAULT 0,
    "missed" INTEGER,
    "wasted" INTEGER,
    "stranded" INTEGER,
    "migrations" INTEGER,
    "score" INTEGER,
    "faultKind" TEXT,
    "faultMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "evaluatedAt" TIMESTAMP(3),

    CONSTRAINT "ArenaSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArenaResult" (
    "submissionId" TEXT NOT NULL,
    "setIndex" INTEGER NOT NULL,
    "missed" INTEGER NOT NULL,
    "wasted" INTEGER NOT NULL,
    "stranded" INTEGER NOT NULL,
    "migrations" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "finalHash" TEXT NOT NULL,
    "faultKind" TEXT,
    "faultMessage" TEXT,
    "faultTick" INTEGER,

    CONSTRAINT "ArenaResult_pkey" PRIMARY KEY ("submissionId","setIndex")
);

-- CreateTable
CREATE TABLE "ArenaSecret" (
    "id" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArenaSecret_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ArenaSubmission_suiteVersion_status_idx" ON "ArenaSubmission"("suiteVersion", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ArenaSubmission_suiteVersion_codeHash_key" ON "ArenaSubmission"("suiteVersion", "codeHash");

-- AddForeignKey
ALTER TABLE "ArenaResult" ADD CONSTRAINT "ArenaResult_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "ArenaSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

