-- DropTable
DROP TABLE "RequestMetric";

