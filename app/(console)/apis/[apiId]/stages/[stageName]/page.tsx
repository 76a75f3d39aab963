import { StagePage } from "@/components/stage/stage-page";

export default async function Page({ params }: { params: Promise<{ apiId: string; stageName: string }> }) {
  const { apiId, stageName } = await params;
  return <StagePage apiId={apiId} stageName={stageName} />;
}
