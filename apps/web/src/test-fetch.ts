/**
 * Unit tests only (never imported by the app): `answer(res)` makes the following fetch calls
 * resolve with `res`, or reject with it if it is an Error; the real fetch is back after each test.
 */
export function stubFetch(): (res: Response | Error) => void {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  return (res) => {
    globalThis.fetch = jest.fn(async () => {
      if (res instanceof Error) throw res;
      return res;
    }) as typeof fetch;
  };
}
