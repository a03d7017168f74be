// Each area owns one schema file; this index is what drizzle-orm code imports.
export * from "./audit";
export * from "./connections";
export * from "./meetings";
export * from "./push";
export * from "./records";
export * from "./sync";
export * from "./sync-budget";
export * from "./sync-webhooks";
export * from "./tenants";
export * from "./workspaces";
export * from "./writes";
