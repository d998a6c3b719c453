/** Response types of the directory's network pages, from the contracts (type-only: nothing reaches the bundle). */
export type {
  DashboardFlagCount, DashboardImport, DirectoryDashboard, ImportFlagGroup, ImportStatus, ImportView, MesLieuxItem, MesLieuxReply, SignalementListItem, SignalementListReply,
} from '@pin/contracts';
