import type { Deps } from "../deps";
import { DEFAULT_WRITEBACK_CONFIG, type WritebackContext, type WritebackEvents } from "./context";

/**
 * Host webhooks for write-back outcomes. Until the webhook module offers delivery, events are logged with their
 * stable key so nothing is lost silently; the adapter below is the only place to change when it does.
 */
export const loggedWritebackEvents: WritebackEvents = {
  async emit(deps, event) {
    deps.logger.info("webhook.event", {
      type: event.type,
      workspaceId: event.workspaceId,
      connectionId: event.connectionId,
      eventKey: event.eventKey,
    });
  },
};

export function writebackContextFor(
  deps: Deps,
  overrides: Partial<Omit<WritebackContext, "deps">> = {},
): WritebackContext {
  return {
    deps,
    config: overrides.config ?? DEFAULT_WRITEBACK_CONFIG,
    events: overrides.events ?? loggedWritebackEvents,
    random: overrides.random ?? Math.random,
    sleep: overrides.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
