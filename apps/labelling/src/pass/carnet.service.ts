import { Inject, Injectable } from '@nestjs/common';
import { idParamsSchema, parsePayload, passCarnetQuerySchema, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { renderCarnet } from './carnet.pdf';
import { PASS_CODES } from './ledger.service';
import { PassCodes } from './pass-code';

/**
 * Passes per downloaded file (25 A4 sheets): a batch may hold up to 100,000 passes, but a reply
 * over NATS must stay well under 1 MB; 200 vector QR codes weigh about 150 kB.
 */
export const CARNET_FILE_PASSES = 200;

/** The printable carnet of a batch (animateur): its passes' codes and QR codes, 8 per A4 sheet. */
@Injectable()
export class CarnetService {
  constructor(
    private readonly outbox: Outbox,
    @Inject(PASS_CODES) private readonly codes: PassCodes,
  ) {}

  async carnet(user: UserContext | undefined, rpc: RpcEnvelope) {
    requirePolicy(user, POLICIES.labelling.manage);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    const page = parsePayload(passCarnetQuerySchema, rpc.query ?? {}).page ?? 1;
    const [lot] = (await this.outbox.run((m) =>
      m.query(`SELECT financeur, premier_numero, dernier_numero, valeur_centimes, to_char(valide_jusqu_au, 'YYYY-MM-DD') AS valide_jusqu_au FROM pass_lot WHERE id = $1`, [id]),
    )) as Array<{ financeur: string; premier_numero: string; dernier_numero: string; valeur_centimes: number; valide_jusqu_au: string }>;
    if (!lot) throw new PinError('PASS.UNKNOWN_BATCH', 'Ce lot de pass est introuvable.');
    const first = Number(lot.premier_numero);
    const last = Number(lot.dernier_numero);
    const total = last - first + 1;
    const pages = Math.ceil(total / CARNET_FILE_PASSES);
    if (page > pages) {
      throw new PinError(
        'PASS.CARNET_PAGE',
        `Ce lot compte ${total} pass : le carnet est découpé en fichiers de ${CARNET_FILE_PASSES} pass au plus, pages 1 à ${pages} (paramètre « page »).`,
        { pages },
      );
    }
    const from = first + (page - 1) * CARNET_FILE_PASSES;
    const to = Math.min(last, from + CARNET_FILE_PASSES - 1);
    const passes = [];
    for (let n = from; n <= to; n++) passes.push({ numero: n, code: this.codes.code(n) });
    const pdf = await renderCarnet({ financeur: lot.financeur, valeurCentimes: lot.valeur_centimes, valideJusquAu: lot.valide_jusqu_au, passes });
    return { filename: `carnet-pass-numerique-${from}-${to}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64'), page, pages };
  }
}
