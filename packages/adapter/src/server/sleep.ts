/** Waits `ms` milliseconds; rejects with the signal's reason when `signal` fires first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A `Sleep` on `setTimeout`, so fake timers in tests control it. */
export const sleepWithTimer: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
