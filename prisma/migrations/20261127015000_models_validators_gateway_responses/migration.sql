-- CreateTable
CREATE TABLE "ApiModel" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contentType" TEXT NOT NULL DEFAULT 'application/json',
    "schema" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestValidator" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "validateRequestBody" BOOLEAN NOT NULL DEFAULT false,
    "validateRequestParameters" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RequestValidator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatewayResponse" (
    "id" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "responseType" TEXT NOT NULL,
    "statusCode" TEXT,
    "responseParameters" JSONB NOT NULL DEFAULT '{}',
    "responseTemplates" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GatewayResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiModel_restApiId_name_key" ON "ApiModel"("restApiId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RequestValidator_restApiId_name_key" ON "RequestValidator"("restApiId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "GatewayResponse_restApiId_responseType_key" ON "GatewayResponse"("restApiId", "responseType");

-- AddForeignKey
ALTER TABLE "ApiModel" ADD CONSTRAINT "ApiModel_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestValidator" ADD CONSTRAINT "RequestValidator_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatewayResponse" ADD CONSTRAINT "GatewayResponse_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

