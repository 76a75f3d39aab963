import { FunctionsPage } from "@/components/functions/functions-page";

export default function Page() {
  return <FunctionsPage />;
}
