-- AlterTable
ALTER TABLE "Function" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "environment" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "files" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'javascript',
ADD COLUMN     "reservedConcurrency" INTEGER;

-- CreateTable
CREATE TABLE "FunctionVersion" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "handler" TEXT NOT NULL,
    "files" JSONB NOT NULL DEFAULT '{}',
    "code" TEXT NOT NULL,
    "environment" JSONB NOT NULL DEFAULT '{}',
    "timeoutSeconds" INTEGER NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FunctionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FunctionLog" (
    "id" BIGSERIAL NOT NULL,
    "functionName" TEXT NOT NULL,
    "qualifier" TEXT NOT NULL DEFAULT '$LATEST',
    "requestId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FunctionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FunctionVersion_functionId_number_key" ON "FunctionVersion"("functionId", "number");

-- CreateIndex
CREATE INDEX "FunctionLog_functionName_time_idx" ON "FunctionLog"("functionName", "time");

-- CreateIndex
CREATE INDEX "FunctionLog_requestId_idx" ON "FunctionLog"("requestId");

-- AddForeignKey
ALTER TABLE "FunctionVersion" ADD CONSTRAINT "FunctionVersion_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "Function"("id") ON DELETE CASCADE ON UPDATE CASCADE;

