import { ApiList } from "@/components/apis/api-list";

export default function ApisPage() {
  return <ApiList />;
}
