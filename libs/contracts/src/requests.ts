/**
 * NATS request/reply patterns (`pin.rpc.<service>.<aggregate>.<verb>`), answered by the owning
 * service through @nestjs/microservices. Never change a value without a migration plan.
 */
export const REQUESTS = {
  directory: {
    structureCreate: 'pin.rpc.directory.structure.create',
    structureGet: 'pin.rpc.directory.structure.get',
    structureList: 'pin.rpc.directory.structure.list',
    structureUpdate: 'pin.rpc.directory.structure.update',
    lieuCreate: 'pin.rpc.directory.lieu.create',
    lieuUpdate: 'pin.rpc.directory.lieu.update',
    lieuClose: 'pin.rpc.directory.lieu.close',
    lieuGet: 'pin.rpc.directory.lieu.get',
    lieuMine: 'pin.rpc.directory.lieu.mine',
    demarcheList: 'pin.rpc.directory.demarche.list',
    demarcheListAll: 'pin.rpc.directory.demarche.list-all',
    demarcheCreate: 'pin.rpc.directory.demarche.create',
    demarcheUpdate: 'pin.rpc.directory.demarche.update',
    signalementCreate: 'pin.rpc.directory.signalement.create',
    signalementList: 'pin.rpc.directory.signalement.list',
    signalementResolve: 'pin.rpc.directory.signalement.resolve',
    importStart: 'pin.rpc.directory.import.start',
    importGet: 'pin.rpc.directory.import.get',
    importList: 'pin.rpc.directory.import.list',
    doublonList: 'pin.rpc.directory.doublon.list',
    doublonDecide: 'pin.rpc.directory.doublon.decide',
    exportPage: 'pin.rpc.directory.export.page',
    lieuSearch: 'pin.rpc.directory.lieu.search',
    communeSearch: 'pin.rpc.directory.commune.search',
  },
  mandates: {
    structureProjectionGet: 'pin.rpc.mandates.structure.get',
    /** The issue's `pin.mandates.authorization.check`, under `pin.rpc.` like every request (streams capture `pin.mandates.>`). */
    authorizationCheck: 'pin.rpc.mandates.authorization.check',
    usagerSearch: 'pin.rpc.mandates.usager.search',
    usagerCreate: 'pin.rpc.mandates.usager.create',
    usagerGet: 'pin.rpc.mandates.usager.get',
    usagerUpdate: 'pin.rpc.mandates.usager.update',
    usagerMandats: 'pin.rpc.mandates.usager.mandats',
    usagerJournal: 'pin.rpc.mandates.usager.journal',
    usagerClaimCode: 'pin.rpc.mandates.usager.claim-code',
    usagerClaim: 'pin.rpc.mandates.usager.claim',
    mandatCreate: 'pin.rpc.mandates.mandat.create',
    mandatGet: 'pin.rpc.mandates.mandat.get',
    mandatRevoke: 'pin.rpc.mandates.mandat.revoke',
    mandatVerify: 'pin.rpc.mandates.mandat.verify',
    attestationMandat: 'pin.rpc.mandates.attestation.mandat',
    attestationRevocation: 'pin.rpc.mandates.attestation.revocation',
    myMandats: 'pin.rpc.mandates.moi.mandats',
    myJournal: 'pin.rpc.mandates.moi.journal',
    habilitationList: 'pin.rpc.mandates.habilitation.list',
    habilitationCreate: 'pin.rpc.mandates.habilitation.create',
    habilitationDecide: 'pin.rpc.mandates.habilitation.decide',
    journalVerify: 'pin.rpc.mandates.journal.verify',
    maintenanceRun: 'pin.rpc.mandates.maintenance.run',
  },
} as const;

/** Queue groups: one per service, so that replicas share requests. */
export const QUEUE_GROUPS = { directory: 'directory', mandates: 'mandates' } as const;
