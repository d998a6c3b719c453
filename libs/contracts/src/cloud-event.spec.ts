import { z } from 'zod';
import { cloudEventSchema, createEvent, defineEvent } from './cloud-event';

const Thing = defineEvent('pin.test.thing.created.v1', z.object({ n: z.number().int() }));
const build = (n: number) => createEvent(Thing, { source: 'pin/test', subject: `t-${n}`, correlationId: 'c', data: { n } });

describe('createEvent ids', () => {
  it('gives each event a unique UUIDv7 that sorts in creation order (right-edge inserts in the outbox and inbox keys)', () => {
    const ids = Array.from({ length: 2_000 }, (_, n) => build(n).id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Byte order = text order = uuid order in PostgreSQL: a later event never sorts before an earlier one.
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps an explicit id, and the envelope still accepts any RFC 9562 uuid (v4 ids of older events)', () => {
    const v4 = '6c3a3d3e-3b0e-4a43-9a3a-1f5c3e3b2a11';
    const e = createEvent(Thing, { id: v4, source: 'pin/test', subject: 's', correlationId: 'c', data: { n: 1 } });
    expect(e.id).toBe(v4);
    expect(cloudEventSchema.safeParse(e).success).toBe(true);
    expect(cloudEventSchema.safeParse(build(2)).success).toBe(true);
  });
});
