import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AshbyProvider, useAshbyContext } from "./AshbyProvider";

function Probe() {
  const { apiBaseUrl } = useAshbyContext("Probe");
  return <span>{apiBaseUrl}</span>;
}

describe("AshbyProvider", () => {
  it("gives widgets the edge API base URL", () => {
    render(
      <AshbyProvider apiBaseUrl="https://edge.example" getSessionToken={async () => "t"}>
        <Probe />
      </AshbyProvider>,
    );
    expect(screen.getByText("https://edge.example")).toBeTruthy();
  });

  it("names the widget that was rendered outside the provider", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Probe />)).toThrow("`Probe` must be rendered inside `<AshbyProvider>`.");
    spy.mockRestore();
  });

  it("keeps the first apiBaseUrl and warns when a host changes it", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { rerender } = render(
      <AshbyProvider apiBaseUrl="https://a.example" getSessionToken={async () => "t"}>
        <Probe />
      </AshbyProvider>,
    );
    rerender(
      <AshbyProvider apiBaseUrl="https://b.example" getSessionToken={async () => "t"}>
        <Probe />
      </AshbyProvider>,
    );
    expect(screen.getByText("https://a.example")).toBeTruthy();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
