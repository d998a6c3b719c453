import { collapseConsultations } from './journal-entries.query';

const line = (action: string, date: string, actorKey: string | null) => ({ action, date, actorKey, fois: 1 });

describe('the journal for humans: consultations of one day by one person read as one line', () => {
  it('keeps the latest consultation of each person and day, with how many times; other lines untouched', () => {
    const lines = [
      line('usager.consulte', '2026-12-03T15:00:00Z', 'a'),
      line('mandat.cree', '2026-12-03T14:30:00Z', 'a'),
      line('usager.consulte', '2026-12-03T14:00:00Z', 'a'),
      line('usager.consulte', '2026-12-03T13:00:00Z', 'b'),
      line('usager.consulte', '2026-12-03T09:00:00Z', 'a'),
      line('usager.consulte', '2026-12-02T09:00:00Z', 'a'),
    ];
    expect(collapseConsultations(lines)).toEqual([
      { ...lines[0], fois: 3 },
      lines[1],
      lines[3],
      lines[5],
    ]);
  });

  it('counts days in Paris time (23:30 UTC in winter is the next day)', () => {
    const lines = [line('usager.consulte', '2026-12-03T23:30:00Z', 'a'), line('usager.consulte', '2026-12-03T22:00:00Z', 'a')];
    expect(collapseConsultations(lines)).toHaveLength(2);
  });
});
