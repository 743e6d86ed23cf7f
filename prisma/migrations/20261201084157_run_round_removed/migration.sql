-- AlterTable (two appended columns: SQLite adds them in place, no table rebuild)
ALTER TABLE "Run" ADD COLUMN "round" INTEGER;
ALTER TABLE "Run" ADD COLUMN "removed" BOOLEAN NOT NULL DEFAULT false;
