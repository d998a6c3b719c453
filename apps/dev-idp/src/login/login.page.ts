import { DEMO_PASSWORD } from '@pin/contracts';
import { listAccounts } from '../accounts/demo-accounts';
import { escapeHtml, htmlPage } from '../http/html-page';

export const LOGIN_ERROR_MESSAGE = 'Identifiant ou mot de passe incorrect.';

interface LoginPageOptions {
  action: string;
  username?: string;
  error?: string;
}

function demoAccountsTable(): string {
  const rows = listAccounts()
    .map((a) => `<tr><td><code>${escapeHtml(a.username)}</code></td><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.roles.join(', '))}</td></tr>`)
    .join('\n');
  return `<section aria-labelledby="demo-title">
<h2 id="demo-title">Comptes de démonstration</h2>
<p class="hint">Mot de passe de tous les comptes : <code>${escapeHtml(DEMO_PASSWORD)}</code></p>
<table>
<caption class="hint">Identifiants disponibles sur ce fournisseur d'identité de développement</caption>
<thead><tr><th scope="col">Identifiant</th><th scope="col">Nom</th><th scope="col">Rôles</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** Keycloak's login form ids (#username, #password, #kc-login), so browser tests work on both. */
export function loginPage({ action, username = '', error }: LoginPageOptions): string {
  const alert = error
    ? `<div class="alert" role="alert" id="input-error">${escapeHtml(error)}</div>`
    : '';
  const invalid = error ? ' aria-invalid="true" aria-describedby="input-error"' : '';
  return htmlPage(
    'Connexion à PIN',
    `<h1 id="kc-page-title">Connexion à PIN</h1>
${alert}
<form id="kc-form-login" method="post" action="${escapeHtml(action)}" novalidate>
<label for="username">Identifiant</label>
<input id="username" name="username" type="text" value="${escapeHtml(username)}" autocomplete="username" autofocus required${invalid}>
<label for="password">Mot de passe</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button id="kc-login" name="login" type="submit">Se connecter</button>
</form>
${demoAccountsTable()}`,
  );
}
