import { currentUser } from "@/lib/auth";
import { UsersPage } from "@/components/users/users-page";

export default async function Page() {
  const user = await currentUser();
  if (user?.role !== "admin") {
    return (
      <>
        <h1>Users</h1>
        <p className="error">Only admins manage users.</p>
      </>
    );
  }
  return <UsersPage />;
}
