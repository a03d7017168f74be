import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Library build: React and Radix stay external so the host app's copies are used.
export default defineConfig({
  plugins: [react()],
  build: {
    lib: { entry: "src/index.ts", formats: ["es"], fileName: "index" },
    rollupOptions: { external: ["react", "react-dom", "react/jsx-runtime", /^@radix-ui\//] },
  },
});
