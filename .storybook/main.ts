import type { StorybookConfig } from "@storybook/react-vite";

// Storybook lives at the repository root (the design card puts it there); stories sit beside each widget.
const config: StorybookConfig = {
  stories: ["../packages/widgets/src/**/*.stories.@(ts|tsx)"],
  addons: ["@storybook/addon-vitest"],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};
export default config;
