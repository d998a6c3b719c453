import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { POLICIES, REQUESTS, type RpcEnvelope } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { caller, Envelope } from '@pin/service-kit';
import { notFound, SafeAccess } from './access/safe-access.service';
import { DocumentsService } from './documents/documents.service';
import { PortabilityService } from './documents/portability.service';
import { SharedWithMeService } from './shares/shared-with-me.service';
import { SharesService } from './shares/shares.service';

const R = REQUESTS.safe;

/** The safe's requests that carry no file (files go through the internal HTTP port). */
@Controller()
export class SafeHandler {
  constructor(
    private readonly access: SafeAccess,
    private readonly documents: DocumentsService,
    private readonly shares: SharesService,
    private readonly portability: PortabilityService,
    private readonly sharedWithMe: SharedWithMeService,
  ) {}

  private async owner() {
    const user = caller();
    requirePolicy(user, POLICIES.coffre.own);
    return { role: 'usager' as const, user: user!, usagerId: await this.access.ownerOf(user) };
  }

  private aidant(rpc: RpcEnvelope) {
    const user = caller();
    requirePolicy(user, POLICIES.coffre.act);
    return this.access.aidant(user, rpc.structureId, rpc.params['id']!);
  }

  @MessagePattern(R.myDocuments)
  async mine() {
    const owner = await this.owner();
    return { documents: await this.documents.list(owner), espace: await this.documents.space(owner.usagerId) };
  }

  @MessagePattern(R.documentDelete)
  async remove(@Envelope() rpc: RpcEnvelope) {
    return this.documents.delete(await this.owner(), rpc.params['id']!);
  }

  @MessagePattern(R.documentLink)
  async link(@Envelope() rpc: RpcEnvelope) {
    return this.documents.link(await this.owner(), 'document', rpc.params['id']!);
  }

  @MessagePattern(R.usagerDocuments)
  async forUsager(@Envelope() rpc: RpcEnvelope) {
    return { documents: await this.documents.list(this.aidant(rpc)) };
  }

  @MessagePattern(R.usagerDocumentLink)
  async linkForUsager(@Envelope() rpc: RpcEnvelope) {
    return this.documents.link(this.aidant(rpc), 'document', rpc.params['documentId']!);
  }

  /** « Partagés avec moi »: across usagers, for the structure the aidant acts for (another one: 404, as per usager). */
  @MessagePattern(R.sharedWithMe)
  async sharedWithMeList(@Envelope() rpc: RpcEnvelope) {
    const user = caller();
    requirePolicy(user, POLICIES.coffre.act);
    if (!this.access.isAidant(user) || !rpc.structureId || !user.structures.includes(rpc.structureId)) throw notFound();
    return this.sharedWithMe.list({ sub: user.sub, structureId: rpc.structureId }, rpc.query);
  }

  @MessagePattern(R.shareList)
  async shareList() {
    return this.shares.list(await this.owner());
  }

  @MessagePattern(R.shareCreate)
  async shareCreate(@Envelope() rpc: RpcEnvelope) {
    return this.shares.create(await this.owner(), rpc.body);
  }

  @MessagePattern(R.shareRevoke)
  async shareRevoke(@Envelope() rpc: RpcEnvelope) {
    return this.shares.revoke(await this.owner(), rpc.params['id']!);
  }

  @MessagePattern(R.journal)
  async journal() {
    return this.portability.journalLines((await this.owner()).usagerId);
  }

  @MessagePattern(R.usage)
  async usage() {
    return this.documents.space((await this.owner()).usagerId);
  }

  @MessagePattern(R.exportLink)
  async exportLink() {
    return this.documents.link(await this.owner(), 'export', null);
  }

  @MessagePattern(R.closureRequest)
  async closure() {
    return this.portability.requestClosure(await this.owner());
  }

  @MessagePattern(R.closureCancel)
  async closureCancel() {
    return this.portability.cancelClosure(await this.owner());
  }

  @MessagePattern(R.keyRotate)
  async rotate() {
    const user = caller();
    requirePolicy(user, POLICIES.coffre.rotate);
    return this.documents.rotate(user!);
  }
}
