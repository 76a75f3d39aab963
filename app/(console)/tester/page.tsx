import { TesterPage } from "@/components/tester/tester-page";

export default function Page() {
  return <TesterPage />;
}
