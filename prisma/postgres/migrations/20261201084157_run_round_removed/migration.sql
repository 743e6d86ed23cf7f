-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "removed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "round" INTEGER;

