-- AlterTable
ALTER TABLE "Stage" ADD COLUMN     "accessLogFormat" TEXT;

-- CreateTable
CREATE TABLE "AccessLog" (
    "id" BIGSERIAL NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "resourcePath" TEXT NOT NULL DEFAULT '',
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "integrationLatencyMs" INTEGER,
    "responseLength" INTEGER NOT NULL DEFAULT 0,
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT,
    "apiKeyId" TEXT,
    "errorMessage" TEXT,
    "line" TEXT NOT NULL,

    CONSTRAINT "AccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutionLog" (
    "id" BIGSERIAL NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "durationMs" DOUBLE PRECISION,
    "message" TEXT NOT NULL,

    CONSTRAINT "ExecutionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessLog_time_idx" ON "AccessLog"("time");

-- CreateIndex
CREATE INDEX "AccessLog_restApiId_stage_time_idx" ON "AccessLog"("restApiId", "stage", "time");

-- CreateIndex
CREATE INDEX "AccessLog_requestId_idx" ON "AccessLog"("requestId");

-- CreateIndex
CREATE INDEX "ExecutionLog_requestId_idx" ON "ExecutionLog"("requestId");

-- CreateIndex
CREATE INDEX "ExecutionLog_restApiId_stage_time_idx" ON "ExecutionLog"("restApiId", "stage", "time");

-- CreateIndex
CREATE INDEX "ExecutionLog_time_idx" ON "ExecutionLog"("time");

