import { currentValue } from './signalements.service';

describe('currentValue: the lieu’s current value of the fields a report is about', () => {
  const lieu = {
    statut: 'actif', commune: 'Dax', horaires: null, services: ['aide-demarches-administratives'], adresse: '5 avenue Victor Hugo',
    complement_adresse: null, code_postal: '40100', code_insee: '40088', latitude: '43.7051', longitude: '-1.0612', telephone: null,
    courriels: ['accueil@dax.example'], site_web: [],
  };

  it('per motif: fields, raw values and a French text', () => {
    expect(currentValue('horaires', lieu)).toEqual({ champs: ['horaires'], valeur_actuelle: { horaires: null }, valeur_actuelle_texte: 'Horaires : non renseigné' });
    expect(currentValue('n-existe-plus', { ...lieu, statut: 'ferme' })).toMatchObject({ valeur_actuelle: { statut: 'ferme' }, valeur_actuelle_texte: 'Lieu fermé' });
    expect(currentValue('services', lieu).valeur_actuelle_texte).toMatch(/démarches administratives/i);
    expect(currentValue('adresse', lieu)).toMatchObject({
      valeur_actuelle: { latitude: 43.7051, longitude: -1.0612, commune: 'Dax' },
      valeur_actuelle_texte: '5 avenue Victor Hugo, 40100 Dax (position 43.7051, -1.0612)',
    });
    expect(currentValue('adresse', { ...lieu, latitude: null, longitude: null }).valeur_actuelle_texte).toBe('5 avenue Victor Hugo, 40100 Dax (position non renseignée)');
    expect(currentValue('contacts', lieu).valeur_actuelle_texte).toBe('Téléphone : non renseigné ; Courriel : accueil@dax.example ; Site web : non renseigné');
    expect(currentValue('autre', lieu)).toEqual({ champs: [], valeur_actuelle: null, valeur_actuelle_texte: null });
  });
});
