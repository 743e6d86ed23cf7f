-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "contentKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Run_contentKey_key" ON "Run"("contentKey");

