"use client";

import { createContext, useContext } from "react";
import type { User } from "@/lib/api/types";

const UserContext = createContext<User | null>(null);

export function UserProvider({ user, children }: { user: User; children: React.ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

/** The signed-in user (the app layout only renders its pages with one). */
export function useUser(): User {
  const user = useContext(UserContext);
  if (!user) throw new Error("useUser outside the signed-in layout");
  return user;
}
