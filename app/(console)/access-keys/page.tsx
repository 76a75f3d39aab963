import { AccessKeysPage } from "@/components/access-keys/access-keys-page";

export default function Page() {
  return <AccessKeysPage />;
}
