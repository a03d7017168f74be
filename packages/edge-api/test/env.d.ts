declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      ENCRYPTION_KEYS: string;
      ENCRYPTION_CURRENT_KEY_ID: string;
      SESSION_SIGNING_KEYS: string;
      SESSION_CURRENT_KEY_ID: string;
      ADMIN_TOKEN: string;
    }
  }
}

export {};
