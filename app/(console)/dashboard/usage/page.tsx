import { UsageReport } from "@/components/dashboard/usage";

export default function Page() {
  return <UsageReport />;
}
