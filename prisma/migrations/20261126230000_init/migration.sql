-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'owner', 'tester', 'viewer');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RestApi" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "binaryMediaTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "apiKeySource" TEXT NOT NULL DEFAULT 'HEADER',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RestApi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "parentId" TEXT,
    "pathPart" TEXT NOT NULL DEFAULT '',
    "path" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Method" (
    "id" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL,
    "authorizationType" TEXT NOT NULL DEFAULT 'NONE',
    "apiKeyRequired" BOOLEAN NOT NULL DEFAULT false,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Method_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Integration" (
    "id" TEXT NOT NULL,
    "methodId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "httpMethod" TEXT NOT NULL DEFAULT 'POST',
    "uri" TEXT NOT NULL DEFAULT '',
    "timeoutMs" INTEGER NOT NULL DEFAULT 29000,
    "requestParameters" JSONB NOT NULL DEFAULT '{}',
    "requestTemplates" JSONB NOT NULL DEFAULT '{}',
    "passthroughBehavior" TEXT NOT NULL DEFAULT 'WHEN_NO_MATCH',
    "contentHandling" TEXT,
    "cacheKeyParameters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Integration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationResponse" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "selectionPattern" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseTemplates" JSONB NOT NULL DEFAULT '{}',
    "contentHandling" TEXT,

    CONSTRAINT "IntegrationResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MethodResponse" (
    "id" TEXT NOT NULL,
    "methodId" TEXT NOT NULL,
    "statusCode" TEXT NOT NULL,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseModels" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "MethodResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Function" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "runtime" TEXT NOT NULL DEFAULT 'nodejs20.x',
    "handler" TEXT NOT NULL DEFAULT 'index.handler',
    "code" TEXT NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 3,
    "memoryMb" INTEGER NOT NULL DEFAULT 128,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Function_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "snapshot" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stage" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "variables" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Stage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestMetric" (
    "restApiId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "statusClass" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RequestMetric_pkey" PRIMARY KEY ("restApiId","stage","minute","statusClass")
);

-- CreateTable
CREATE TABLE "SystemSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemSetting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Resource_parentId_idx" ON "Resource"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_restApiId_path_key" ON "Resource"("restApiId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Method_resourceId_httpMethod_key" ON "Method"("resourceId", "httpMethod");

-- CreateIndex
CREATE UNIQUE INDEX "Integration_methodId_key" ON "Integration"("methodId");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationResponse_integrationId_statusCode_key" ON "IntegrationResponse"("integrationId", "statusCode");

-- CreateIndex
CREATE UNIQUE INDEX "MethodResponse_methodId_statusCode_key" ON "MethodResponse"("methodId", "statusCode");

-- CreateIndex
CREATE UNIQUE INDEX "Function_name_key" ON "Function"("name");

-- CreateIndex
CREATE INDEX "Deployment_restApiId_createdAt_idx" ON "Deployment"("restApiId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Stage_restApiId_name_key" ON "Stage"("restApiId", "name");

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Method" ADD CONSTRAINT "Method_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Integration" ADD CONSTRAINT "Integration_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationResponse" ADD CONSTRAINT "IntegrationResponse_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MethodResponse" ADD CONSTRAINT "MethodResponse_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stage" ADD CONSTRAINT "Stage_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stage" ADD CONSTRAINT "Stage_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

