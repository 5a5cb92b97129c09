// A small pool of RSA keys made ahead of need: a create or a kubeconfig takes one at once instead of waiting ~150 ms each.
import { generateRsaKeyAsync, type GeneratedKey } from "./keys.js";

/**
 * Key generation is the slow part of a cluster's PKI (three CAs per create) and of every kubeconfig.
 * The pool keeps up to `target` keys per size, refilled one at a time in the background (the work runs
 * in libuv's thread pool, off the event loop); when empty, take() generates on demand as before.
 */
export class RsaKeyPool {
  private readonly ready = new Map<number, GeneratedKey[]>();
  private readonly refilling = new Set<number>();

  constructor(private target: number) {}

  /** Sets how many keys per size to keep ready (0 turns the pool off); the configuration calls it at start-up. */
  resize(target: number): void {
    this.target = target;
    for (const keys of this.ready.values()) keys.splice(target);
  }

  async take(bits: number): Promise<GeneratedKey> {
    const key = this.ready.get(bits)?.pop();
    this.refill(bits);
    return key ?? generateRsaKeyAsync(bits);
  }

  /** Keys of this size ready now. */
  available(bits: number): number {
    return this.ready.get(bits)?.length ?? 0;
  }

  /** Fills the pool for a size now (at start-up), without waiting. */
  warm(bits: number): void {
    this.refill(bits);
  }

  private refill(bits: number): void {
    if (this.target <= 0 || this.refilling.has(bits)) return;
    this.refilling.add(bits);
    const next = async (): Promise<void> => {
      const keys = this.ready.get(bits) ?? [];
      this.ready.set(bits, keys);
      if (keys.length >= this.target) return;
      keys.push(await generateRsaKeyAsync(bits));
      return next();
    };
    next()
      .catch(() => undefined)
      .finally(() => this.refilling.delete(bits));
  }
}

/** Keys per size kept ready unless the configuration (TURNKEY_PKI_KEY_POOL) says otherwise. */
export const DEFAULT_KEY_POOL_SIZE = 6;

/** The process's pool; the server sizes it from its configuration (src/config.ts) before warming it. */
export const rsaKeys = new RsaKeyPool(DEFAULT_KEY_POOL_SIZE);
