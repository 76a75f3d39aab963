import { UsagePlansPage } from "@/components/usage-plans/usage-plans-page";

export default function Page() {
  return <UsagePlansPage />;
}
