import { FunctionPage } from "@/components/functions/function-page";

export default async function Page({ params }: { params: Promise<{ functionName: string }> }) {
  const { functionName } = await params;
  return <FunctionPage name={decodeURIComponent(functionName)} />;
}
