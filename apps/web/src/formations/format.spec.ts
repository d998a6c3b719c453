import { dayLabel, durationLabel, halfDayLabel, placeLabel, registrationOutcome, seatsLabel } from './format';

describe('training labels', () => {
  it('says durations in hours and minutes', () => {
    expect([durationLabel(420), durationLabel(210), durationLabel(45), durationLabel(840)]).toEqual(['7 h', '3 h 30', '45 min', '14 h']);
  });

  it('says a calendar date without shifting it, and the half-day with its hours', () => {
    expect(dayLabel('2099-05-04')).toBe('lundi 4 mai 2099');
    expect(halfDayLabel({ date: '2099-05-04', periode: 'apres-midi' })).toBe('lundi 4 mai 2099, après-midi (13 h 30 – 17 h)');
  });

  it('says where and how many seats are left, then the waiting list', () => {
    expect(placeLabel({ distance: true, lieu: null })).toBe('À distance (visioconférence)');
    expect(placeLabel({ distance: false, lieu: { id: 'x', nom: 'Médiathèque', commune: 'Dax' } })).toBe('Médiathèque, Dax');
    expect(seatsLabel({ placesRestantes: 2, enAttente: 0, statut: 'ouverte' })).toBe('2 places disponibles');
    expect(seatsLabel({ placesRestantes: 0, enAttente: 3, statut: 'ouverte' })).toBe('Complet : 3 personnes en liste d’attente');
    expect(seatsLabel({ placesRestantes: 0, enAttente: 3, statut: 'annulee' })).toBe('Session annulée');
  });

  it('tells the registered person their seat or their waiting position', () => {
    expect(registrationOutcome({ statut: 'inscrit', rangAttente: null }, 'self')).toBe('Vous êtes inscrit·e à cette session.');
    expect(registrationOutcome({ statut: 'attente', rangAttente: 2 }, 'self')).toMatch(/^La session est complète : vous êtes en liste d’attente, en position 2\./);
    expect(registrationOutcome({ statut: 'attente', rangAttente: 1 }, 'Paul Nouvel')).toMatch(/^La session est complète : Paul Nouvel est en liste d’attente, en position 1\./);
  });
});
