-- AlterTable
ALTER TABLE "Stage" ADD COLUMN     "cacheClusterEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cacheClusterSize" TEXT NOT NULL DEFAULT '0.5';

