-- AlterTable
ALTER TABLE "Method" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "summary" TEXT NOT NULL DEFAULT '';
