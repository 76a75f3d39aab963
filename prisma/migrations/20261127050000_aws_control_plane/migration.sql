-- AlterTable
ALTER TABLE "AccessKey" ADD COLUMN     "bootstrap" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "FunctionPermission" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "sourceArn" TEXT,
    "sourceAccount" TEXT,
    "qualifier" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FunctionPermission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FunctionPermission_functionId_qualifier_statementId_key" ON "FunctionPermission"("functionId", "qualifier", "statementId");

-- AddForeignKey
ALTER TABLE "FunctionPermission" ADD CONSTRAINT "FunctionPermission_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "Function"("id") ON DELETE CASCADE ON UPDATE CASCADE;

