import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { AshbyProvider, useAshbyContext } from "./AshbyProvider";

function ContextReadout() {
  const { apiBaseUrl } = useAshbyContext("ContextReadout");
  return <p data-ak-part="readout">Widgets talk to {apiBaseUrl}</p>;
}

const meta = {
  title: "Foundation/AshbyProvider",
  component: AshbyProvider,
  args: { apiBaseUrl: "http://127.0.0.1:8787", getSessionToken: async () => "demo-token" },
} satisfies Meta<typeof AshbyProvider>;
export default meta;

export const Default: StoryObj<typeof meta> = {
  render: (args) => (
    <AshbyProvider {...args}>
      <ContextReadout />
    </AshbyProvider>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Widgets talk to http://127.0.0.1:8787")).toBeVisible();
  },
};
