-- CreateTable
CREATE TABLE "StageHistory" (
    "id" SERIAL NOT NULL,
    "restApiId" TEXT NOT NULL,
    "stageName" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "changedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StageHistory_restApiId_stageName_createdAt_idx" ON "StageHistory"("restApiId", "stageName", "createdAt");

-- AddForeignKey
ALTER TABLE "StageHistory" ADD CONSTRAINT "StageHistory_restApiId_fkey" FOREIGN KEY ("restApiId") REFERENCES "RestApi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageHistory" ADD CONSTRAINT "StageHistory_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

