import { ApiPage } from "@/components/api-detail/api-page";
import { apiTab } from "@/components/api-detail/tabs";

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ apiId: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  const { apiId } = await params;
  const { tab } = await searchParams;
  // Function ARNs are built with the region and account this Gatehouse runs as.
  const arn = {
    region: process.env.GATEHOUSE_REGION || "us-east-1",
    accountId: process.env.GATEHOUSE_ACCOUNT_ID || "000000000000",
  };
  return <ApiPage apiId={apiId} tab={apiTab(tab)} arn={arn} />;
}
