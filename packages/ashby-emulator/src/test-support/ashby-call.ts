import type { Emulator } from "../emulator.ts";

export interface AshbyAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Ashby payloads
  body: any;
}

/** POST an Ashby method the way a client does: Basic auth with the key as username, JSON body. */
export async function ashby(
  emu: Pick<Emulator, "fetch">,
  method: string,
  body: unknown = {},
  apiKey: string | null = null,
  init: RequestInit = {},
): Promise<AshbyAnswer> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json; version=1",
  };
  if (apiKey !== null) headers.authorization = `Basic ${btoa(`${apiKey}:`)}`;
  const response = await emu.fetch(`/${method}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    ...init,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
