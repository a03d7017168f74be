// Host bundlers replace process.env.NODE_ENV in library code; declare just that much instead of all of @types/node.
declare const process: { env: { NODE_ENV?: string } };
