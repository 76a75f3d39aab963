-- CreateTable
CREATE TABLE "TestRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "resourceId" TEXT,
    "httpMethod" TEXT NOT NULL,
    "stageName" TEXT,
    "request" JSONB NOT NULL,
    "response" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestCollection" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestCollection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestCollectionItem" (
    "id" TEXT NOT NULL,
    "collectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "restApiId" TEXT NOT NULL,
    "resourceId" TEXT,
    "httpMethod" TEXT NOT NULL,
    "stageName" TEXT,
    "request" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestCollectionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TestRequest_userId_createdAt_idx" ON "TestRequest"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TestCollection_name_key" ON "TestCollection"("name");

-- CreateIndex
CREATE INDEX "TestCollectionItem_collectionId_position_idx" ON "TestCollectionItem"("collectionId", "position");

-- AddForeignKey
ALTER TABLE "TestRequest" ADD CONSTRAINT "TestRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestCollectionItem" ADD CONSTRAINT "TestCollectionItem_collectionId_fkey" FOREIGN KEY ("collectionId") REFERENCES "TestCollection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

