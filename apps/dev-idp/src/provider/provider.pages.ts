import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, htmlPage } from '../http/html-page';

/**
 * Logout needs no click (as a Keycloak client with "front-channel logout" and no confirmation):
 * the provider's form gets `logout=yes` and submits itself; the button is the no-script fallback.
 */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  const autoForm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Déconnexion',
    `<h1>Déconnexion</h1>
${autoForm}
<p>Déconnexion en cours…</p>
<button type="submit" form="op.logoutForm" id="kc-logout">Se déconnecter</button>
<script>document.getElementById('op.logoutForm').submit()</script>`,
  );
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html';
  ctx.body = htmlPage('Déconnecté', '<h1>Vous êtes déconnecté.</h1>');
}

/** Errors as a French page; the OAuth error code stays visible for whoever debugs the flow. */
export function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  ctx.type = 'html';
  ctx.body = htmlPage(
    'Erreur',
    `<h1>Une erreur est survenue</h1>
<div class="alert" role="alert"><p><code>${escapeHtml(out.error)}</code></p>
<p>${escapeHtml(out.error_description ?? '')}</p></div>`,
  );
}
