import { createContext, useContext } from "react";

/**
 * A context whose hook names the component that used it outside its provider, so a host developer reads
 * "`SyncStatusCard` must be rendered inside `<AshbyProvider>`" instead of a null dereference (Radix's
 * createContext and react-stripe-js' parseElementsContext do the same).
 */
export function createRequiredContext<T>(providerName: string) {
  const Context = createContext<T | null>(null);
  Context.displayName = `${providerName}Context`;
  // biome-ignore lint/correctness/noComponentHookFactories: the Radix createContext pattern; the hook closes over one module-level Context, never per render.
  function useRequiredContext(consumerName: string): T {
    const value = useContext(Context);
    if (value === null) {
      throw new Error(`\`${consumerName}\` must be rendered inside \`<${providerName}>\`.`);
    }
    return value;
  }
  return [Context.Provider, useRequiredContext] as const;
}
