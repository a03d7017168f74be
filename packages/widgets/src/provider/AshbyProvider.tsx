"use client";
import { type ReactNode, useRef } from "react";
import { createRequiredContext } from "./context";

export interface AshbyProviderProps {
  /** Base URL of the ashby-kit edge API, e.g. `https://ashby-kit.example.com`. Read once. */
  apiBaseUrl: string;
  /**
   * Returns a short-lived session token minted by the host's backend (`POST /v1/sessions`). A function, so the
   * widgets can ask again after the token expires; the browser never sees the host secret or the Ashby key.
   */
  getSessionToken: () => Promise<string>;
  children?: ReactNode;
}

export interface AshbyContextValue {
  apiBaseUrl: string;
  getSessionToken: () => Promise<string>;
}

const [ContextProvider, useAshbyContext] = createRequiredContext<AshbyContextValue>("AshbyProvider");

export { useAshbyContext };

export function AshbyProvider({ apiBaseUrl, getSessionToken, children }: AshbyProviderProps) {
  // apiBaseUrl is immutable by contract (like Stripe's `stripe` prop): keep the first value, warn on change.
  const first = useRef<AshbyContextValue>({ apiBaseUrl, getSessionToken });
  if (first.current.apiBaseUrl !== apiBaseUrl && process.env.NODE_ENV !== "production") {
    console.warn(
      "AshbyProvider: `apiBaseUrl` cannot change after the first render; the new value is ignored.",
    );
  }
  first.current.getSessionToken = getSessionToken;
  return (
    <ContextProvider value={first.current}>
      <div data-ak-root="">{children}</div>
    </ContextProvider>
  );
}
