// Each area owns one schema file; this index is what drizzle-orm code imports.
export {};
