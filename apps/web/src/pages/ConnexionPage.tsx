import { loginUrl } from '../app/api';
import { useUser } from '../app/session';
import { Page, Section } from '../ui/Page';

/** How to sign in or create an account, for professionals and for usagers (linked from the attestation). */
export function ConnexionPage() {
  const user = useUser();
  return (
    <Page title="Se connecter ou créer son compte">
      {user ? (
        <p class="notice notice--info">
          Vous êtes connecté en tant que {user.name}. <a href="/app">Aller à mon espace</a>
        </p>
      ) : null}
      <Section id="usager" title="Vous êtes accompagné par un aidant">
        <p>Votre compte PIN vous permet de voir vos mandats, de savoir qui a agi en votre nom et de révoquer un mandat vous-même.</p>
        <ol class="etapes">
          <li>
            Cliquez sur « Créer mon compte ou me connecter ». Sur la page qui s’ouvre, choisissez <strong>« S’identifier avec FranceConnect »</strong> (si vous avez un compte
            impots.gouv.fr, ameli.fr, l’Identité Numérique La Poste…) ou <strong>« Créer un compte »</strong> avec votre adresse e-mail.
          </li>
          <li>Dans « Mes mandats », saisissez le code à usage unique imprimé sur l’attestation de votre mandat. Chaque code relie un dossier : si plusieurs structures vous accompagnent, saisissez le code de chacune.</li>
          <li>Vos mandats et leur journal s’affichent. Gardez l’attestation : elle prouve ce que vous avez accepté.</li>
        </ol>
        <p>Pas d’adresse e-mail ? Votre aidant peut vous aider à en créer une.</p>
        <p class="action">
          <a class="bouton" href={loginUrl('/app/mes-mandats')}>
            Créer mon compte ou me connecter
          </a>
        </p>
      </Section>
      <Section id="pro" title="Vous êtes aidant, médiateur, référent ou animateur">
        <p>Votre compte vous est créé par votre structure ou par l’animateur du réseau. Connectez-vous avec l’identifiant qui vous a été remis.</p>
        <p class="action">
          <a class="bouton" href={loginUrl('/app')}>
            Se connecter à l’espace professionnel
          </a>
        </p>
      </Section>
    </Page>
  );
}
