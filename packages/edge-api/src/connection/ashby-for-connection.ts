import type { ErrorCode } from "@ashby-kit/shared";
import type { AshbyClient } from "../ashby";
import type { ConnectionRow } from "../db/schema";
import type { Encryptor } from "../lib/crypto";
import { err, ok, type Result } from "../lib/result";

export interface ConnectionAccessError {
  code: Extract<
    ErrorCode,
    "ashby_not_connected" | "ashby_connection_paused" | "ashby_needs_reauth" | "internal_error"
  >;
  message: string;
}

/** What opening a stored connection's client reads of its row. */
export type StoredConnectionKey = Pick<
  ConnectionRow,
  "id" | "status" | "apiKeyCiphertext" | "apiKeyEncryptionKeyId"
>;

/** The stored key is only ever decrypted here, and only for an active connection. */
export async function openConnectionClient(
  deps: { encryptor: Encryptor; ashbyWithKey(apiKey: string): AshbyClient },
  connection: StoredConnectionKey,
): Promise<Result<AshbyClient, ConnectionAccessError>> {
  switch (connection.status) {
    case "active":
      break;
    case "paused":
      return err({ code: "ashby_connection_paused", message: "The Ashby connection is paused." });
    case "needs_reauth":
      return err({ code: "ashby_needs_reauth", message: "Ashby rejected the stored key; reconnect Ashby." });
    case "disconnected":
      return err({ code: "ashby_not_connected", message: "This workspace is not connected to Ashby." });
    default:
      connection.status satisfies never;
  }
  if (!connection.apiKeyCiphertext || !connection.apiKeyEncryptionKeyId) {
    return err({ code: "ashby_not_connected", message: "No Ashby key is stored for this workspace." });
  }
  const opened = await deps.encryptor.decrypt(
    { keyId: connection.apiKeyEncryptionKeyId, ciphertext: connection.apiKeyCiphertext },
    connection.id,
  );
  if (!opened.ok) {
    // Not the caller's fault and not Ashby's: a key was removed from ENCRYPTION_KEYS too early, or the row was tampered with.
    return err({
      code: "internal_error",
      message: `Cannot decrypt the stored Ashby key (${opened.error.code}).`,
    });
  }
  return ok(deps.ashbyWithKey(opened.value));
}
