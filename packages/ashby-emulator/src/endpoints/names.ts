import { ENDPOINTS } from "./index.ts";

/** The Ashby methods this emulator answers, e.g. `candidate.list`. */
export const ENDPOINT_NAMES: readonly string[] = Object.keys(ENDPOINTS).sort();
