-- CreateTable
CREATE TABLE "ApiMetric" (
    "resolution" INTEGER NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "restApiId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "count4xx" INTEGER NOT NULL,
    "count5xx" INTEGER NOT NULL,
    "throttledCount" INTEGER NOT NULL,
    "cacheHitCount" INTEGER NOT NULL,
    "cacheMissCount" INTEGER NOT NULL,
    "bytesIn" BIGINT NOT NULL,
    "bytesOut" BIGINT NOT NULL,
    "latencySumMs" DOUBLE PRECISION NOT NULL,
    "latencyHist" INTEGER[],
    "integrationCount" INTEGER NOT NULL,
    "integrationSumMs" DOUBLE PRECISION NOT NULL,
    "integrationHist" INTEGER[],

    CONSTRAINT "ApiMetric_pkey" PRIMARY KEY ("resolution","periodStart","restApiId","stage","method","resource","apiKeyId")
);

-- CreateTable
CREATE TABLE "MetricDrop" (
    "minute" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "MetricDrop_pkey" PRIMARY KEY ("minute","reason")
);

-- CreateIndex
CREATE INDEX "ApiMetric_resolution_restApiId_stage_periodStart_idx" ON "ApiMetric"("resolution", "restApiId", "stage", "periodStart");

