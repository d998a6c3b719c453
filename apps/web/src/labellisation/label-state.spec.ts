import { nearEnd } from './label-state';

describe('labelling pages: a label near its end', () => {
  const today = new Date('2026-12-04T10:00:00Z');

  it('is near its end once the reminder went out, or within 60 days of its last day', () => {
    expect(nearEnd({ rappelEnvoye: true, jusquAu: '2028-01-01' }, today)).toBe(true);
    expect(nearEnd({ rappelEnvoye: false, jusquAu: '2027-02-01' }, today)).toBe(true);
    expect(nearEnd({ rappelEnvoye: false, jusquAu: '2026-12-04' }, today)).toBe(true);
  });

  it('is not before the window, nor without a last day', () => {
    expect(nearEnd({ rappelEnvoye: false, jusquAu: '2027-02-03' }, today)).toBe(false);
    expect(nearEnd({ rappelEnvoye: false, jusquAu: '2029-12-31' }, today)).toBe(false);
    expect(nearEnd({ rappelEnvoye: false, jusquAu: null }, today)).toBe(false);
  });
});
