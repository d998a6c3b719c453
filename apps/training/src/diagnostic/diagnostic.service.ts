import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createDiagnosticSchema, DIAGNOSTIC_QUESTIONS, DiagnosticCountedV1, ORIENTATIONS, parsePayload, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { orient } from './orientation';
import { territoryOf } from './territory';

/**
 * The diagnostic de premier niveau: the orientation is computed from the answers; the answers are
 * kept (without the person's name) only with their consent; an anonymous count by territory, month
 * and orientation is updated and announced in the same transaction either way.
 */
@Injectable()
export class DiagnosticService {
  constructor(private readonly outbox: Outbox) {}

  questions() {
    return { questions: DIAGNOSTIC_QUESTIONS, orientations: ORIENTATIONS };
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.diagnostic);
    const body = parsePayload(createDiagnosticSchema, rpc.body);
    const own = u.structures.filter((s) => s !== '*');
    const structureId = body.structureId ?? rpc.structureId ?? (own.length === 1 ? own[0] : null);
    if (structureId) requireStructureScope({ ...u, roles: [] }, structureId);
    const territory = territoryOf(body.codeInsee);
    if (!territory) throw new PinError('DIAGNOSTIC.UNKNOWN_INSEE', 'Commune inconnue : vérifiez le code INSEE.', [{ path: 'codeInsee', message: 'Code INSEE inconnu.' }]);
    const { orientation, motif } = orient(body.reponses);
    const mois = new Date().toISOString().slice(0, 7);
    return this.outbox.run(async (m, events) => {
      let id: string | null = null;
      if (body.consentement) {
        id = randomUUID();
        await m.query(`INSERT INTO diagnostic (id, structure_id, conduit_par_sub, code_insee, reponses, orientation) VALUES ($1, $2, $3, $4, $5, $6)`, [id, structureId, u.sub, body.codeInsee, JSON.stringify(body.reponses), orientation]);
      }
      const [{ total }] = (await m.query(
        `INSERT INTO diagnostic_count (mois, departement, epci, orientation, total) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (mois, departement, epci, orientation) DO UPDATE SET total = diagnostic_count.total + 1 RETURNING total`,
        [mois, territory.departement, territory.epci ?? '', orientation],
      )) as Array<{ total: number }>;
      events.record(DiagnosticCountedV1, {
        subject: `${territory.departement}/${territory.epci ?? '-'}/${mois}/${orientation}`,
        data: { departement: territory.departement, epci: territory.epci, mois, orientation, total },
        correlationId: RequestContext.correlationId(),
      });
      return { id, orientation, motif, conserve: body.consentement };
    });
  }
}
