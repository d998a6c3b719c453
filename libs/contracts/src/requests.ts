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
  },
  mandates: {
    structureProjectionGet: 'pin.rpc.mandates.structure.get',
  },
} as const;

/** Queue groups: one per service, so that replicas share requests. */
export const QUEUE_GROUPS = { directory: 'directory', mandates: 'mandates' } as const;
