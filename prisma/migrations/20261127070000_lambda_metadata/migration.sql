-- AlterTable
ALTER TABLE "Function" ADD COLUMN     "packageSha256" TEXT,
ADD COLUMN     "packageSize" INTEGER,
ADD COLUMN     "role" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tags" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "FunctionVersion" ADD COLUMN     "packageSha256" TEXT,
ADD COLUMN     "packageSize" INTEGER;


-- Carry over what the Lambda API kept in SystemSetting before these columns existed
-- (roles and tags per function name). The remembered zip hashes were keyed by a hash
-- of the unpacked files that SQL cannot recompute: those functions answer their
-- files' hash as CodeSha256 until their code is uploaded again.
UPDATE "Function" f SET "role" = s."value"
FROM "SystemSetting" s WHERE s."key" = 'lambda.role.' || f."name";

UPDATE "Function" f SET "tags" = s."value"::jsonb
FROM "SystemSetting" s WHERE s."key" = 'lambda.tags.' || f."name" AND s."value" LIKE '{%';

DELETE FROM "SystemSetting" WHERE "key" LIKE 'lambda.role.%' OR "key" LIKE 'lambda.tags.%' OR "key" LIKE 'lambda.package.%';
