import { defineConfig } from "drizzle-kit";

// `out` is wrangler's migrations_dir: wrangler applies the top-level *.sql files and ignores meta/.
export default defineConfig({ dialect: "sqlite", schema: "./src/db/schema/*.ts", out: "./migrations" });
