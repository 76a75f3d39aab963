-- AlterTable
ALTER TABLE "Method" ADD COLUMN     "authorizationScopes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "valueEncrypted" TEXT NOT NULL,
    "valueHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "customerId" TEXT,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsagePlan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "throttleRateLimit" DOUBLE PRECISION,
    "throttleBurstLimit" INTEGER,
    "quotaLimit" INTEGER,
    "quotaPeriod" TEXT,
    "quotaOffset" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsagePlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsagePlanStage" (
    "id" TEXT NOT NULL,
    "usagePlanId" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "stageName" TEXT NOT NULL,
    "methodThrottle" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "UsagePlanStage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsagePlanKey" (
    "usagePlanId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "quotaAdjustment" INTEGER NOT NULL DEFAULT 0,
    "adjustmentPeriodStart" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsagePlanKey_pkey" PRIMARY KEY ("usagePlanId","apiKeyId")
);

-- CreateTable
CREATE TABLE "ApiKeyUsage" (
    "usagePlanId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ApiKeyUsage_pkey" PRIMARY KEY ("usagePlanId","apiKeyId","day")
);

-- CreateTable
CREATE TABLE "Authorizer" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "authorizerUri" TEXT NOT NULL DEFAULT '',
    "identitySource" TEXT NOT NULL DEFAULT 'method.request.header.Authorization',
    "identityValidationExpression" TEXT,
    "resultTtlSeconds" INTEGER NOT NULL DEFAULT 300,
    "issuer" TEXT,
    "audiences" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "jwksUri" TEXT,
    "jwtSecretEncrypted" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Authorizer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "userId" TEXT,
    "secretEncrypted" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "restApiIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdBy" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "AccessKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_valueHash_key" ON "ApiKey"("valueHash");

-- CreateIndex
CREATE INDEX "UsagePlanStage_restApiId_stageName_idx" ON "UsagePlanStage"("restApiId", "stageName");

-- CreateIndex
CREATE UNIQUE INDEX "UsagePlanStage_usagePlanId_restApiId_stageName_key" ON "UsagePlanStage"("usagePlanId", "restApiId", "stageName");

-- CreateIndex
CREATE INDEX "UsagePlanKey_apiKeyId_idx" ON "UsagePlanKey"("apiKeyId");

-- CreateIndex
CREATE INDEX "ApiKeyUsage_apiKeyId_day_idx" ON "ApiKeyUsage"("apiKeyId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "Authorizer_restApiId_name_key" ON "Authorizer"("restApiId", "name");

-- CreateIndex
CREATE INDEX "AccessKey_userId_idx" ON "AccessKey"("userId");

-- AddForeignKey
ALTER TABLE "UsagePlanStage" ADD CONSTRAINT "UsagePlanStage_usagePlanId_fkey" FOREIGN KEY ("usagePlanId") REFERENCES "UsagePlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsagePlanKey" ADD CONSTRAINT "UsagePlanKey_usagePlanId_fkey" FOREIGN KEY ("usagePlanId") REFERENCES "UsagePlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsagePlanKey" ADD CONSTRAINT "UsagePlanKey_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Authorizer" ADD CONSTRAINT "Authorizer_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessKey" ADD CONSTRAINT "AccessKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

