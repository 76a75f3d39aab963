import { MetricsDashboard } from "@/components/dashboard/dashboard";

export default function Page() {
  return <MetricsDashboard />;
}
