import { AccountLimitsPage } from "@/components/account/account-limits-page";

export default function Page() {
  return <AccountLimitsPage />;
}
