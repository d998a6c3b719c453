export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  publicUrl: string;
  secureCookie: boolean;
  sessionTtlSeconds: number;
}
