import { RequestLogsPage } from "@/components/logs/request-logs-page";

export default async function Page({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  return <RequestLogsPage requestId={decodeURIComponent(requestId)} />;
}
