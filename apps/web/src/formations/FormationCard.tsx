import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { Section } from '../ui/Page';

/** The « Formation » block of the working space's home page: the caller's training links, by policy. */
export function FormationCard({ user }: { user: CurrentUser }) {
  const links: Array<[string, string]> = [];
  if (allows(user, POLICIES.formation.mine)) links.push(['/app/formations/mes-inscriptions', 'Mes inscriptions aux formations'], ['/app/formations/mes-attestations', 'Mes attestations de formation']);
  if (allows(user, POLICIES.formation.diagnostic)) links.push(['/app/formations/diagnostic', 'Mener un diagnostic de premier niveau']);
  if (allows(user, POLICIES.formation.manage)) links.push(['/app/formations/sessions/nouvelle', 'Programmer une session de formation']);
  if (allows(user, POLICIES.formation.pixRead)) links.push(['/app/formations/pix', allows(user, POLICIES.formation.pix) ? 'Résultats PIX des aidants' : 'Mes résultats PIX']);
  if (links.length === 0 && !allows(user, POLICIES.formation.manage)) return null;
  return (
    <Section id="formation" title="Formation">
      <p>Le référentiel de formation du réseau et les prochaines sessions, en présentiel ou à distance.</p>
      <ul>
        <li>
          <a href="/app/formations">Catalogue et calendrier des sessions</a>
        </li>
        {links.map(([href, text]) => (
          <li key={href}>
            <a href={href}>{text}</a>
          </li>
        ))}
      </ul>
    </Section>
  );
}
