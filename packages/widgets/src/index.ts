"use client";
export {
  type AshbyContextValue,
  AshbyProvider,
  type AshbyProviderProps,
  useAshbyContext,
} from "./provider/AshbyProvider";
