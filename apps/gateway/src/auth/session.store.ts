import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { UserContext } from '@pin/contracts';

export interface Session {
  user: UserContext;
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** Browser sessions and pending logins in Redis; the cookie holds only a random 256-bit id. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  static newId(): string {
    return randomBytes(32).toString('base64url');
  }

  async create(session: Session): Promise<string> {
    const id = SessionStore.newId();
    await this.redis.set(`pin:session:${id}`, JSON.stringify(session), 'EX', this.ttlSeconds);
    return id;
  }

  async get(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.get(`pin:session:${id}`);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  }

  async update(id: string, session: Session): Promise<void> {
    await this.redis.set(`pin:session:${id}`, JSON.stringify(session), 'EX', this.ttlSeconds);
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(`pin:session:${id}`);
  }

  async savePending(p: PendingLogin): Promise<void> {
    await this.redis.set(`pin:login:${p.state}`, JSON.stringify(p), 'EX', 600);
  }

  /** Pending logins are single-use: a replayed callback finds nothing. */
  async takePending(state: string): Promise<PendingLogin | undefined> {
    const key = `pin:login:${state}`;
    const raw = await this.redis.getdel(key);
    return raw ? (JSON.parse(raw) as PendingLogin) : undefined;
  }
}
