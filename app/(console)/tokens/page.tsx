import { TokensPage } from "@/components/tokens/tokens-page";

export default function Page() {
  return <TokensPage />;
}
