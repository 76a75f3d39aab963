import { Suspense } from "react";
import { LoginForm } from "@/components/login-form";

export default function LoginPage() {
  return (
    <main className="login">
      <div className="login-card">
        <h1 className="brand-title">Gatehouse</h1>
        <p className="muted">Sign in to the console</p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
    </main>
  );
}
