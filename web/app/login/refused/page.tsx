import type { Metadata } from "next";

export const metadata: Metadata = { title: "Sign-in refused" };

// Why a sign-in through the identity provider did not let the person in, in words for them (the
// reason code is in the audit for the administrator).
const MESSAGES: Record<string, { title: string; text: string }> = {
  unmapped: {
    title: "Your account is not set up for the copilot",
    text: "You signed in with your company account, but it has no access to Analytics Copilot yet. Ask your administrator to give your group access.",
  },
  user_disabled: {
    title: "Your account is disabled",
    text: "Your access to Analytics Copilot has been switched off. Ask your administrator if this is a mistake.",
  },
  provider_unavailable: {
    title: "The sign-in service is unavailable",
    text: "The identity provider cannot be reached right now. Try again in a moment.",
  },
  provider_error: {
    title: "The sign-in was cancelled",
    text: "The identity provider did not sign you in.",
  },
};
const FALLBACK = {
  title: "The sign-in could not be completed",
  text: "Something in the sign-in did not check out, so you were not signed in. Start again.",
};

export default async function RefusedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const reason = (await searchParams).reason;
  const message = (typeof reason === "string" && MESSAGES[reason]) || FALLBACK;
  return (
    <main className="login">
      <div className="card login__card" role="alert" data-testid="sign-in-refused">
        <h1>{message.title}</h1>
        <p>{message.text}</p>
        <a className="button" href="/login">
          Back to sign-in
        </a>
      </div>
    </main>
  );
}
